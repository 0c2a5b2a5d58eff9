// The owner's and administrators' workflows, clicking and typing as a person does, against a
// real pcu-server on a fresh SQLite database. Each test saves a screenshot.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, openBrowser, Console, signedIn, waitForMail, root, demoPassword, ownerPassword } from './console.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

const as = (username, password, body, size) => signedIn(server, username, password, body, size);

async function rowOf(c, name) {
  const s = await c.settle();
  return s.widgets.find((w) => w.kind === 'link' && w.label === name);
}

test('R-A2: the owner signs in and sees the Users page', async () => {
  await as('owner@example.org', ownerPassword, async (c) => {
    const s = await c.waitForRoute(/^#\/users$/);
    assert.ok(s.messages.some((m) => m.kind === 'title' && m.text === 'Users'));
    await c.find('Alice Adams');
    await c.find('Invitation pending');
    const shot = await c.screenshot('owner-users');
    copyFileSync(shot, join(root, 'docs', 'screenshot.png'));
    assert.ok(statSync(join(root, 'docs', 'screenshot.png')).size < 300 * 1024);
  });
});

test('R-UM1: the owner adds two existing users with Developer', async () => {
  await as('owner@example.org', ownerPassword, async (c) => {
    await c.click('Add users');
    await c.waitForRoute(/#\/users\/add/);
    await c.type('Search directory', 'judy');
    await c.click('Judy Jones');
    await c.type('Search directory', 'mallory');
    await c.click('Mallory Moore');
    await c.click('Developer');
    await c.screenshot('add-existing');
    await c.click('Save');
    await c.waitForMessage(/2 users were added/, { kind: 'toast' });
    await c.waitForRoute(/^#\/users$/);
    assert.ok(await rowOf(c, 'Judy Jones'));
    assert.ok(await rowOf(c, 'Mallory Moore'));
  });
});

// R-UM3, R-UM6: the name is typed on the keyboard ("ë" and "Ø" are not on a US layout, so they
// arrive as text input without a keypress, as from an IME) and must reach the server intact.
test('R-UM3, R-UM6: a global administrator creates a user and reads the temporary password once', async () => {
  await as('alice@example.org', demoPassword, async (c) => {
    await c.goto('#/users/add/new');
    await c.type('First name', 'Zoë');
    // An IME composition: the text shows as composed, then is committed.
    await c.click('Last name');
    const cdp = await c.page.context().newCDPSession(c.page);
    await cdp.send('Input.imeSetComposition', { text: 'Ø', selectionStart: 1, selectionEnd: 1 });
    await cdp.send('Input.insertText', { text: 'Ø' });
    await c.page.keyboard.type('rsted', { delay: 5 });
    await c.frames(2);
    assert.equal((await c.find('First name')).text, 'Zoë');
    assert.equal((await c.find('Last name')).text, 'Ørsted');
    await c.type('Username', 'zoe..quinn@example.org');
    await c.waitForMessage(/two dots/, { kind: 'problem' });
    await c.type('Username', 'zoe.quinn@example.org');
    await c.click('Marketer');
    await c.click('Save');
    await c.waitForRoute(/#\/users\/created/);
    const field = await c.find('Temporary password');
    assert.ok(field.text.length >= 16);
    await c.waitForMessage(/will not be shown again/, { kind: 'warning' });
    await c.click('Copy password');
    assert.equal(await c.page.evaluate(() => window.pcuLastCopied), field.text);
    await c.screenshot('temporary-password');
    await c.click('Done');
    const listed = await c.page.evaluate(async () =>
      (await (await fetch('/api/v1/users?search=zoe.quinn')).json()).users);
    assert.deepEqual(listed.map((u) => [u.first_name, u.last_name]), [['Zoë', 'Ørsted']]);
    await c.goto('#/users/created');
    assert.equal((await c.snapshot()).widgets.some((w) => w.label === 'Temporary password'), false);
    // The new user signs in with it and must change it first.
    const other = await openBrowser();
    try {
      const n = await Console.open(other, server.url, '#/');
      await n.signIn('zoe.quinn@example.org', field.text);
      await n.waitForRoute(/#\/password/);
    } finally { await other.close(); }
  });
});

test('R-UM7, R-UM8, R-UM9: invite three people from a pasted list, accept one, resend another', async () => {
  await as('owner@example.org', ownerPassword, async (c) => {
    await c.goto('#/users/add/invite');
    await c.paste('Email addresses', '"Doe, Jane" <jane.doe@outside.example>; kim@outside.example, lee@outside.example');
    await c.waitForMessage(/3 addresses ready/);
    await c.click('Business Contributor');
    await c.screenshot('invite');
    await c.click('Save');
    await c.waitForMessage(/3 invitations were sent/, { kind: 'toast' });
    await c.waitForRoute(/^#\/users$/);
    await c.type('Search users', 'outside.example');
    await c.page.waitForTimeout(400);  // the search waits for typing to pause
    await c.settle();
    const pending = (await c.snapshot()).widgets.filter((w) => w.label === 'Invitation pending');
    assert.equal(pending.length, 3);

    // Resend Kim's invitation from the edit page: a new link replaces the old one.
    const kim = (await c.snapshot()).widgets.find((w) => w.kind === 'link' && /^kim/.test(w.label));
    await c.click(kim.id);
    await c.waitForRoute(/#\/users\/u-/);
    await c.find('Resend invitation');
  });
  const mail = await waitForMail(server, (m) => m.includes('jane.doe@outside.example'));
  assert.match(mail, /"Doe, Jane"/);
  const link = mail.match(/https?:\/\/\S+#\/accept\/\S+/)[0];
  const browser = await openBrowser();
  try {
    const c = await Console.open(browser, server.url, link.slice(link.indexOf('#')));
    await c.type('Password', 'short');
    await c.waitForMessage(/At least 8 characters/, { kind: 'problem' });
    await c.type('Password', 'Jane-Password-1');
    await c.type('Password again', 'Jane-Password-1');
    await c.click('Accept invitation');
    await c.waitForMessage(/invitation is accepted/);
    await c.screenshot('accept-invitation');
    await c.click('Go to sign in');
    await c.signIn('jane.doe@outside.example', 'Jane-Password-1');
    assert.ok(/^#\//.test((await c.snapshot()).route));
    await c.waitForMessage(/Welcome/, { kind: 'title' });
  } finally { await browser.close(); }
});

test('R-UM9: resending waits a minute, then works (server clock), and the page says so', async () => {
  await as('owner@example.org', ownerPassword, async (c) => {
    await c.goto('#/users/u-pat');
    await c.click('Resend invitation');
    await c.settle();
    const said = [...await c.messages('toast'), ...await c.messages('error')];
    assert.ok(said.some((t) => /sent again|once a minute/.test(t)), said.join(' | '));
    await c.screenshot('resend');
  });
});

test('R-UM13: edit name, groups and roles', async () => {
  await as('alice@example.org', demoPassword, async (c) => {
    await c.goto('#/users/u-frank');
    await c.find('First name');
    await c.type('First name', 'Franz');
    await c.click('Release managers');
    await c.click('Marketer');
    await c.click('Save');
    await c.waitForMessage(/changes were saved/, { kind: 'toast' });
    await c.screenshot('edit-user');
    await c.goto('#/users');
    assert.ok(await rowOf(c, 'Franz Fisher'));
  });
});

// R-RP2, R-RP3, R-RP7: choosing for All products sets every product; one product set apart
// makes the All-products cell read Mixed, which is not a choice.
test('R-RP2, R-RP3, R-RP7: customise permissions with the matrices', async () => {
  await as('owner@example.org', ownerPassword, async (c) => {
    await c.goto('#/users/u-grace');
    await c.click('Customize permissions');
    await c.choose('Account users@account', 'Read only');
    await c.choose('Packages@*', 'Read/write');
    // R-RP3: a product without a row of its own has what All products gives it.
    assert.equal((await c.find('Packages@app-42')).text, 'Read/write');
    await c.choose('Packages@app-42', 'No access');
    const all = await c.find('Packages@*');
    assert.equal(all.text, 'Mixed');
    await c.screenshot('custom-permissions');
    await c.click('Save');
    await c.waitForMessage(/changes were saved/, { kind: 'toast' });
  }, { width: 1280, height: 1700 });
});

test('R-UM11: reset a password and read it once', async () => {
  await as('alice@example.org', demoPassword, async (c) => {
    await c.goto('#/users/u-heidi');
    await c.click('Reset password');
    await c.waitForRoute(/#\/users\/created/);
    const field = await c.find('Temporary password');
    assert.ok(field.text.length >= 16);
    await c.screenshot('reset-password');
  });
});

test('R-UM14: a user visits pages, then the owner sees them in History', async () => {
  await as('dave@example.org', demoPassword, async (c) => {
    await c.goto('#/groups');
    await c.goto('#/users/u-carol');
  });
  await as('owner@example.org', ownerPassword, async (c) => {
    await c.goto('#/users/u-dave/history');
    await c.waitForMessage(/#\/groups/, { kind: 'row' });
    await c.waitForMessage(/#\/users\/u-carol/, { kind: 'row' });
    await c.screenshot('history');
  });
});

test('R-UM15, R-A6: remove a user, who then cannot sign in', async () => {
  await as('owner@example.org', ownerPassword, async (c) => {
    await c.click('Remove##u-ivan');
    await c.find('Remove user##confirm');
    await c.screenshot('remove-confirm');
    await c.click('Remove user##confirm');
    await c.waitForMessage(/was removed/, { kind: 'toast' });
    assert.equal(await rowOf(c, 'Ivan Irwin'), undefined);
  });
  const browser = await openBrowser();
  try {
    const c = await Console.open(browser, server.url, '#/sign-in');
    await c.type('Username', 'ivan@example.org');
    await c.type('Password', demoPassword);
    await c.click('Sign in');
    await c.waitForMessage(/username or password is not right/);
  } finally { await browser.close(); }
});

// R-A6: a global administrator disables a user (its sessions end) and enables it again.
test('R-A6: a global administrator disables and enables a user', async () => {
  await as('alice@example.org', demoPassword, async (c) => {
    await c.goto('#/users/u-frank');
    await c.click('Disable user');
    await c.waitForMessage(/was disabled/, { kind: 'toast' });
    const status = async () => c.page.evaluate(async () => (await (await fetch('/api/v1/users/u-frank')).json()).status);
    assert.equal(await status(), 'disabled');
    await c.click('Enable user');
    await c.waitForMessage(/was enabled/, { kind: 'toast' });
    assert.equal(await status(), 'active');
    await c.goto('#/users/u-alice');  // not oneself
    assert.equal(await c.has('Disable user'), false);
  });
});
