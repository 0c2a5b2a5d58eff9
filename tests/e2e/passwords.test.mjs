// Changing one's password and recovering a forgotten one by email, against a real pcu-server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, openBrowser, Console, signedIn, waitForMail, demoPassword } from './console.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

async function signInFails(username, password) {
  const browser = await openBrowser();
  try {
    const c = await Console.open(browser, server.url, '#/sign-in');
    await c.type('Username', username);
    await c.type('Password', password);
    await c.click('Sign in');
    await c.waitForMessage(/username or password is not right/);
  } finally { await browser.close(); }
}

// R-UM12, R-PW1: the new password is checked as typed; the old one stops working.
test('R-UM12, R-PW1: a user changes its own password', async () => {
  await signedIn(server, 'carol@example.org', demoPassword, async (c) => {
    await c.click('Change password##nav');
    await c.waitForRoute(/^#\/password$/);
    await c.type('Current password', demoPassword);
    await c.type('New password', 'alllowercase');
    await c.waitForMessage(/at least three of/, { kind: 'problem' });
    await c.type('New password', 'Carol-Password-2');
    await c.type('New password again', 'Carol-Password-3');
    await c.waitForMessage(/two passwords differ/, { kind: 'problem' });
    await c.type('New password again', 'Carol-Password-2');
    await c.screenshot('change-password');
    await c.click('Change password');
    await c.waitForMessage(/Your password was changed/, { kind: 'toast' });
  });
  await signInFails('carol@example.org', demoPassword);
  await signedIn(server, 'carol@example.org', 'Carol-Password-2', async (c) => {
    await c.waitForMessage(/Welcome/, { kind: 'title' });
  });
});

// R-UM12: recovery by email, only where a recovery email was given; the link works once.
test('R-UM12: a forgotten password is recovered through the mailed link, once', async () => {
  const browser = await openBrowser();
  try {
    const c = await Console.open(browser, server.url, '#/sign-in');
    await c.click('Forgot your password?');
    await c.waitForRoute(/^#\/recover$/);
    await c.type('Username', 'alice@example.org');
    await c.click('Send recovery link');
    await c.waitForMessage(/a link to choose a new password was sent/, { kind: 'info' });
    const mail = await waitForMail(server, (m) => m.includes('alice.recovery@mail.example'));
    const link = mail.match(/https?:\/\/\S+#\/recover\/\S+/)[0];
    const hash = link.slice(link.indexOf('#'));
    await c.goto(hash);
    await c.type('New password', 'Alice-Password-9');
    await c.type('New password again', 'Alice-Password-9');
    await c.screenshot('recover-password');
    await c.click('Set new password');
    await c.waitForMessage(/Your password was changed/, { kind: 'info' });
    // Used once: the same link is refused.
    await c.goto('#/');
    await c.goto(hash);
    await c.type('New password', 'Alice-Password-10');
    await c.type('New password again', 'Alice-Password-10');
    await c.click('Set new password');
    await c.waitForMessage(/not valid any more/, { kind: 'error' });
  } finally { await browser.close(); }
  await signedIn(server, 'alice@example.org', 'Alice-Password-9', async (c) => {
    await c.waitForRoute(/^#\/users$/);
  });
});
