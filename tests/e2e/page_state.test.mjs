// What a page shows belongs to this visit, this request and this tenant: Add users starts
// afresh, a late answer for one user never fills another's page, another tenant's users are
// not offered directory changes, a refused search says why, public pages are not reported
// as visits, and an edit that lost a race can load the newer version.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, signedIn, demoPassword, ownerPassword } from './console.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });
const as = (username, password, body) => signedIn(server, username, password, body);

// R-UM7: a second visit to Add users does not carry the first one's addresses; switching
// between the ways of one visit keeps what was typed.
test('R-UM7: Add users starts afresh on each visit and keeps its text across its own tabs', async () => {
  await as('owner@example.org', ownerPassword, async (c) => {
    await c.goto('#/users/add/invite');
    await c.paste('Email addresses', 'fresh.one@outside.example');
    await c.click('Add existing users');
    await c.click('Invite outside users');
    assert.equal((await c.find('Email addresses')).text, 'fresh.one@outside.example');
    await c.click('Developer');
    await c.click('Save');
    await c.waitForMessage(/1 invitation was sent/, { kind: 'toast' });
    await c.waitForRoute(/^#\/users$/);
    await c.click('Add users');
    await c.click('Invite outside users');
    assert.equal((await c.find('Email addresses')).text, '');
  });
});

// R-UM13: the answer for Alice arrives after Bob's page was opened; Bob's page shows Bob.
// (The real server's answer, held back in the browser for 1.5 s.)
test('R-UM13: a late answer for one user never fills another user\'s edit page', async () => {
  await as('owner@example.org', ownerPassword, async (c) => {
    await c.page.route('**/api/v1/users/u-alice', async (route) => {
      const response = await route.fetch();
      await new Promise((r) => setTimeout(r, 1500));
      await route.fulfill({ response });
    });
    await c.page.evaluate(() => { window.location.hash = '#/users/u-alice'; });
    await c.frames(3);
    await c.page.evaluate(() => { window.location.hash = '#/users/u-bob'; });
    await c.page.waitForTimeout(2500);
    await c.settle();
    assert.equal((await c.find('First name')).text, 'Bob');
    assert.ok((await c.messages('title')).includes('Bob Brown'));
    await c.page.unroute('**/api/v1/users/u-alice');
  });
});

// R-A4, R-A5: Alice is a global administrator of example.org; Zed is in Contoso. His name
// and password are not hers to change, so the page does not offer them.
test('R-A5: another tenant\'s user is shown without directory changes', async () => {
  await as('alice@example.org', demoPassword, async (c) => {
    await c.goto('#/users/u-zed');
    const first = await c.find('First name');
    assert.equal(first.text, 'Zed');
    assert.equal(first.enabled, false);
    assert.equal(await c.has('Reset password'), false);
    await c.goto('#/users/u-carol');  // her own tenant's member: offered
    assert.equal((await c.find('First name')).enabled, true);
    await c.find('Reset password');
  });
});

// A search the server refuses (over 256 characters) is shown, and the table does not wait forever.
test('R-A3: a refused search says why instead of loading forever', async () => {
  await as('owner@example.org', ownerPassword, async (c) => {
    await c.waitForRoute(/^#\/users$/);
    await c.paste('Search users', 'x'.repeat(300));
    await c.waitForMessage(/at most 256 characters/);
    await c.settle();  // not busy: no endless "Loading users..."
  });
});

// R-UM14: public pages carry tokens in their address; they are not reported as visits.
test('R-UM14: invitation and recovery pages are not reported as visits', async () => {
  await as('carol@example.org', demoPassword, async (c) => {
    await c.goto('#/accept/secret-token-one');
    await c.goto('#/recover/secret-token-two');
    await c.goto('#/password');
  });
  await as('owner@example.org', ownerPassword, async (c) => {
    const paths = await c.page.evaluate(async () =>
      (await (await fetch('/api/v1/users/u-carol/history')).json()).visits.map((v) => v.path));
    assert.ok(paths.includes('#/password'), paths.join(' '));
    assert.deepEqual(paths.filter((p) => /token/.test(p)), []);
  });
});

// R-UM13: someone else saved first (412); the page offers the newer version, and then saves.
test('R-UM13: after a 412 the edit page loads the newer version and saves', async () => {
  await as('owner@example.org', ownerPassword, async (c) => {
    await c.goto('#/users/u-heidi');
    assert.equal((await c.find('Last name')).text, 'Hill');
    await c.page.evaluate(async () => {
      const csrf = (await (await fetch('/api/v1/session')).json()).csrf_token;
      const user = await fetch('/api/v1/users/u-heidi');
      const r = await fetch('/api/v1/users/u-heidi', {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json', 'If-Match': user.headers.get('ETag'), 'X-CSRF-Token': csrf },
        body: JSON.stringify({ first_name: 'Hedy' }),
      });
      if (r.status !== 200) throw new Error(await r.text());
    });
    await c.type('Last name', 'Hall');
    await c.click('Save');
    await c.waitForMessage(/./, { kind: 'error' });
    await c.click('Load the latest version');
    await c.settle();
    assert.equal((await c.find('First name')).text, 'Hedy');
    await c.type('Last name', 'Hall');
    await c.click('Save');
    await c.waitForMessage(/changes were saved/, { kind: 'toast' });
  });
});

// Another tab signs in as someone else (a new session, a new CSRF token): this tab's next
// change is refused once, the console then asks who is signed in, and the change goes through.
test('R-A1: after another tab signed in again, a change goes through on the second try', async () => {
  await as('owner@example.org', ownerPassword, async (c) => {
    await c.goto('#/users/u-grace');
    const signedInElsewhere = await c.page.evaluate(async (password) => (await fetch('/api/v1/session', {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'alice@example.org', password }),
    })).status, demoPassword);
    assert.equal(signedInElsewhere, 200);
    await c.type('Last name', 'Gray');
    await c.click('Save');
    await c.waitForMessage(/./, { kind: 'error' });
    await c.settle();
    await c.click('Save');
    await c.waitForMessage(/changes were saved/, { kind: 'toast' });
  });
});

// The session ended elsewhere (signed out in another tab): Sign out still signs out here.
test('R-A1: Sign out works when the session had already ended', async () => {
  await as('owner@example.org', ownerPassword, async (c) => {
    await c.waitForRoute(/^#\/users$/);
    const ended = await c.page.evaluate(async () => {
      const csrf = (await (await fetch('/api/v1/session')).json()).csrf_token;
      return (await fetch('/api/v1/session', { method: 'DELETE', headers: { 'X-CSRF-Token': csrf } })).status;
    });
    assert.equal(ended, 200);
    await c.signOut();
  });
});
