// What the console refuses or hides, before and beside the server's own refusals.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, signedIn, demoPassword, ownerPassword } from './console.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

const as = (username, password, body) => signedIn(server, username, password, body);

test('R-UM7: eleven addresses are flagged while typing, before anything is sent', async () => {
  await as('owner@example.org', ownerPassword, async (c) => {
    await c.goto('#/users/add/invite');
    const eleven = Array.from({ length: 11 }, (_, i) => `p${i + 1}@outside.example`).join(', ');
    await c.paste('Email addresses', eleven + ', bad@ex ample.org');
    await c.waitForMessage(/^12 addresses: at most 10$/, { kind: 'problem' });
    await c.screenshot('eleven-addresses');
    await c.click('Developer');
    await c.click('Save');
    await c.settle();
    assert.equal((await c.snapshot()).route, '#/users/add/invite');
    assert.equal(server.mails().filter((m) => m.includes('outside.example')).length, 0);
  });
});

test('R-A4: a Manager without global admin sees no create or invite', async () => {
  await as('bob@example.org', demoPassword, async (c) => {
    await c.click('Add users');
    await c.waitForRoute(/#\/users\/add/);
    await c.type('Search directory', 'judy');
    await c.find('Judy Jones');
    assert.equal(await c.has('Create new users'), false);
    assert.equal(await c.has('Invite outside users'), false);
    await c.screenshot('manager-add-users');
  });
});

test('R-A3: a Developer sees no Users page', async () => {
  await as('carol@example.org', demoPassword, async (c) => {
    assert.equal(await c.has('Users##nav'), false);
    await c.goto('#/users');
    await c.waitForMessage(/do not have permission/);
    assert.equal(await c.has('Add users'), false);
    await c.screenshot('developer-refused');
  });
});
