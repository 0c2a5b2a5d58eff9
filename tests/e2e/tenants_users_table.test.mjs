// The owner's acting tenant, and the Users table over many users (server-side paging and
// sorting), with the delivery state of invitations; against a real pcu-server with 1,000
// extra users.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, signedIn, ownerPassword } from './console.mjs';

let server;
before(async () => { server = await startServer({ users: 1000 }); });
after(async () => { await server?.stop(); });
const as = (username, password, body, size) => signedIn(server, username, password, body, size);

const links = async (c) => (await c.settle()).widgets.filter((w) => w.kind === 'link' && w.visible
  && /##u-/.test(w.id)).map((w) => w.label);

// R-A5: the owner picks the tenant it acts in; the directory picker then lists that tenant.
test('R-A5: the owner switches the acting tenant and adds from the other directory', async () => {
  await as('owner@example.org', ownerPassword, async (c) => {
    await c.goto('#/users/add');
    await c.type('Search directory', 'yara');
    await c.settle();
    assert.equal(await c.has('Yara Young'), false);
    await c.choose('Acting tenant', 'Contoso');
    await c.waitForMessage(/act in the tenant Contoso/, { kind: 'toast' });
    await c.goto('#/users/add');
    await c.type('Search directory', 'yara');
    await c.find('Yara Young');
    await c.screenshot('tenant-switch');
  });
});

// R-A3: 1,000+ users: the table knows the total, sorts on the server and jumps anywhere.
test('R-A3: the Users table pages and sorts on the server', async () => {
  await as('owner@example.org', ownerPassword, async (c) => {
    await c.waitForRoute(/^#\/users$/);
    await c.waitForMessage(/^10\d\d users$/);
    // Sorted by name, descending: Zed Zimmer, then the seeded users from "User 0001000" down.
    await c.click('Name##column');
    await c.click('Name##column');
    assert.deepEqual((await links(c)).slice(0, 3), ['Zed Zimmer', 'User 0001000', 'User 0000999']);
    // Drag the scroll bar to the bottom: the last page is read and drawn.
    const table = await c.find('##users', { kind: 'table' });
    const x = table.x + table.w - 7;
    await c.page.mouse.move(x, table.y + 30);
    await c.page.mouse.down();
    await c.page.mouse.move(x, table.y + table.h - 2, { steps: 5 });
    await c.page.mouse.up();
    const last = await links(c);
    assert.ok(last.length > 5, last.join(', '));
    assert.ok(!last.includes('User 0001000'));
    assert.equal(last.at(-1), 'Account Owner');
    assert.ok(last.includes('Alice Adams'), last.join(', '));
    await c.screenshot('users-sorted-bottom');
  });
});

// R-A3: the mouse wheel over the table scrolls it: turned down it shows later rows, turned
// back up the first ones again (Emscripten's GLFW once handed ImGui the browser's pixels with
// the wrong sign: down did nothing, up jumped hundreds of rows).
test('R-A3: the mouse wheel scrolls the Users table', async () => {
  await as('owner@example.org', ownerPassword, async (c) => {
    await c.waitForRoute(/^#\/users$/);
    await c.waitForMessage(/^10\d\d users$/);
    const first = await links(c);
    assert.ok(first.length > 10, first.join(', '));
    const table = await c.find('##users', { kind: 'table' });
    await c.page.mouse.move(table.x + table.w / 2, table.y + table.h / 2);
    await c.frames(2);
    for (let i = 0; i < 3; i++) await c.page.mouse.wheel(0, 100);
    await c.frames(2);
    const down = await links(c);
    assert.notEqual(down[0], first[0]);
    const moved = first.indexOf(down[0]);
    assert.ok(moved > 0 && moved < first.length / 2, `${first.join(', ')} -> ${down.join(', ')}`);
    for (let i = 0; i < 3; i++) await c.page.mouse.wheel(0, -100);
    await c.frames(2);
    assert.deepEqual((await links(c)).slice(0, 5), first.slice(0, 5));
    // A long way down the rows of later pages are read and drawn.
    for (let i = 0; i < 40; i++) await c.page.mouse.wheel(0, 100);
    await c.frames(2);
    const far = await links(c);
    assert.ok(far.length > 10 && !far.some((name) => first.includes(name)), far.join(', '));
  });
});

// R-UM8: a pending invitation shows how its mail fared.
test('R-UM8: the Users page shows the delivery of a pending invitation', async () => {
  await as('owner@example.org', ownerPassword, async (c) => {
    await c.goto('#/users/add/invite');
    await c.paste('Email addresses', 'kim@outside.example');
    await c.click('Developer');
    await c.click('Save');
    await c.waitForMessage(/invitation was sent|invitations were sent/, { kind: 'toast' });
    await c.type('Search users', 'kim@');
    await c.page.waitForTimeout(400);  // the search waits for typing to pause
    await c.settle();
    await c.goto('#/');  // read the delivery again once the deliverer has sent it
    await c.goto('#/users');
    await c.type('Search users', 'kim@');
    await c.page.waitForTimeout(400);
    const said = await c.waitForMessage(/: mail (sent|queued)/, { kind: 'delivery' });
    assert.match(said, /mail sent|mail queued/);
    await c.screenshot('invitation-delivery');
  });
});
