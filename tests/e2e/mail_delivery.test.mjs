// An invitation whose mail the receiving server refuses for good (SMTP 550 at RCPT TO) shows
// as failed on the Users page, with the server's whole reply on hover and on the Edit user
// page, while its neighbour shows as sent.
// Mail goes through a real SMTP server on loopback (tests/server/smtp_sink.py).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, signedIn, freePort, root, ownerPassword } from './console.mjs';

const refused = 'bounce@outside.example';
let sink, sinkDir, server;

before(async () => {
  sinkDir = mkdtempSync(join(tmpdir(), 'pcu-e2e-smtp-'));
  const port = await freePort();
  sink = spawn('/usr/bin/python3', [join(root, 'tests/server/smtp_sink.py'), '--port', String(port), '--dir', sinkDir,
    '--reject', refused], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    sink.stdout.on('data', (d) => { if (/ready/.test(String(d))) resolve(); });
    sink.once('exit', (code) => reject(new Error(`smtp_sink.py exited with ${code}`)));
  });
  server = await startServer({ mail: `smtp://127.0.0.1:${port}` });
});

after(async () => {
  await server?.stop();
  if (sink && sink.exitCode === null) {
    sink.kill('SIGTERM');
    await new Promise((r) => sink.once('exit', r));
  }
  if (sinkDir) rmSync(sinkDir, { recursive: true, force: true });
});

test('R-UM8: a refused invitation mail shows as failed on the Users page', async () => {
  await signedIn(server, 'owner@example.org', ownerPassword, async (c) => {
    await c.goto('#/users/add/invite');
    await c.paste('Email addresses', `${refused}, fine@outside.example`);
    await c.waitForMessage(/2 addresses ready/);
    await c.click('Business Contributor');
    await c.click('Save');
    await c.waitForMessage(/2 invitations were sent/, { kind: 'toast' });
    await c.waitForRoute(/^#\/users$/);
    // Delivery is asynchronous and the page reads its state when it opens: open it again
    // until both messages have an outcome.
    let delivery = [];
    for (const end = Date.now() + 20000; Date.now() < end;) {
      await c.type('Search users', 'outside.example');
      await c.page.waitForTimeout(400); // the search waits for typing to pause
      await c.settle();
      delivery = await c.messages('delivery');
      if (delivery.some((m) => /mail failed/.test(m)) && delivery.some((m) => /mail sent/.test(m))) break;
      await c.goto('#/groups');
      await c.settle();
      await c.goto('#/users');
      await c.settle();
    }
    const failed = delivery.filter((m) => /mail failed/.test(m));
    assert.equal(failed.length, 1, delivery.join(' | '));
    assert.match(failed[0], /550/);
    assert.equal(delivery.filter((m) => /mail sent/.test(m)).length, 1, delivery.join(' | '));
    // The reply is longer than the Status column: the cell says "(mail failed)" in full, and
    // hovering it shows the whole reply, wrapped.
    const [user, reason] = [failed[0].slice(0, failed[0].indexOf(': ')), failed[0].slice(failed[0].indexOf(': ') + 2)];
    const note = await c.find(`(mail failed)##delivery ${user}`, { kind: 'note' });
    assert.ok(note.w >= 70, `"(mail failed)" is cut to ${note.w} px`);  // about 80 px when whole
    assert.deepEqual(await c.messages('tooltip'), []);
    await c.page.mouse.move(note.x + note.w / 2, note.y + note.h / 2);
    await c.frames(2);
    assert.deepEqual(await c.messages('tooltip'), [`Invitation ${reason}`]);
    await c.screenshot('invitation-mail-failed');
    // The Edit user page shows the whole reply too.
    await c.click(`Invitation pending##pending ${user}`);
    await c.waitForRoute(new RegExp(`^#/users/${user}$`));
    await c.settle();
    assert.deepEqual(await c.messages('delivery'), [failed[0]]);
    await c.screenshot('invitation-mail-failed-edit');
  });
});
