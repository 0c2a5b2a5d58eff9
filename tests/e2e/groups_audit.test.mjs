// Groups and the audit log, clicked through as a person does, against a real pcu-server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, signedIn, demoPassword, ownerPassword } from './console.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });
const as = (username, password, body, size) => signedIn(server, username, password, body, size);

// R-GR1, R-A4: a global administrator creates a group that holds Developer; a Manager without
// the flag is not offered to.
test('R-GR1, R-A4: create a group with an access; a Manager without global admin cannot', async () => {
  await as('alice@example.org', demoPassword, async (c) => {
    await c.click('Groups##nav');
    await c.waitForRoute(/^#\/groups$/);
    await c.click('New group');
    await c.type('Display name', 'QA team');
    await c.type('Description', 'People who test the apps');
    await c.click('Give the group roles or permissions');
    await c.click('Developer');
    await c.screenshot('group-create');
    await c.click('Create group');
    await c.waitForMessage(/The group QA team was created/, { kind: 'toast' });
    await c.waitForMessage(/^QA team \| 0 \| Developer$/, { kind: 'row' });
  });
  await as('bob@example.org', demoPassword, async (c) => {
    await c.goto('#/groups');
    await c.waitForMessage(/^QA team \|/, { kind: 'row' });
    assert.equal(await c.has('New group'), false);
    await c.screenshot('groups-manager');
  });
});

// R-UM17: a change is written to the audit log, which the owner reads and filters; a
// Developer is refused the page.
test('R-UM17: an access change appears in the audit log; a Developer cannot read it', async () => {
  await as('alice@example.org', demoPassword, async (c) => {
    await c.goto('#/users/u-heidi');
    await c.click('Developer');
    await c.click('Save');
    await c.waitForMessage(/changes were saved/, { kind: 'toast' });
  });
  await as('owner@example.org', ownerPassword, async (c) => {
    await c.click('Audit log##nav');
    await c.waitForRoute(/^#\/audit$/);
    await c.type('Target', 'u-heidi');
    await c.click('Apply filters');
    await c.settle();
    const rows = await c.messages('row');
    assert.ok(rows.length >= 1, 'some entries about Heidi');
    assert.ok(rows.every((r) => r.split(' | ')[2] === 'u-heidi'), rows.join('\n'));
    assert.ok(rows.some((r) => /u-alice/.test(r) && /developer/.test(r)), rows.join('\n'));
    // R-UM17: the change shows what it was before, and after.
    assert.ok(rows.some((r) => /u-alice \| edit_user/.test(r) && /marketer.*->/.test(r)), rows.join('\n'));
    await c.screenshot('audit');
  });
  await as('carol@example.org', demoPassword, async (c) => {
    assert.equal(await c.has('Audit log##nav'), false);
    await c.goto('#/audit');
    await c.waitForMessage(/do not have permission/);
  });
});
