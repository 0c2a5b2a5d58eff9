// The module in a real browser: Debian's Chromium, driven by playwright-core, loads the
// package from a loopback HTTP server, answers every shared vector exactly as native code
// does (all rules of tests/vectors/core_vectors.json, R-A1..R-PW1), survives bad calls, and
// runs the README example through an import map.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { chromium } from 'playwright-core';

import { moduleDir, repoRoot, readmeExample, vectors } from './package_under_test.mjs';

const CHROMIUM = process.env.PCU_CHROMIUM ?? '/usr/bin/chromium';
const types = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json', '.html': 'text/html',
                '.md': 'text/markdown', '.ts': 'text/plain' };

const { code: readmeCode, expected: readmeOutput } = readmeExample();
const pages = {
  '/index.html': '<!doctype html><link rel="icon" href="data:,"><title>pcusers-core</title>',
  '/readme.html': `<!doctype html><link rel="icon" href="data:,"><title>README</title>
<script type="importmap">{"imports": {"pcusers-core": "/pkg/index.js"}}</script>
<script type="module">
${readmeCode}
window.readmeDone = true;
</script>`,
};

function serve(request, response) {
  const url = new URL(request.url, 'http://127.0.0.1');
  let body = pages[url.pathname];
  let file;
  if (url.pathname === '/vectors.json') file = path.join(repoRoot, 'tests/vectors/core_vectors.json');
  else if (url.pathname.startsWith('/pkg/')) file = path.join(moduleDir, path.basename(url.pathname));
  if (body === undefined && file && fs.existsSync(file)) body = fs.readFileSync(file);
  if (body === undefined) {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, { 'content-type': types[path.extname(file ?? url.pathname)] ?? 'application/octet-stream' });
  response.end(body);
}

let server, origin, context, userDataDir;

before(async () => {
  server = http.createServer(serve);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcusers-core-chromium-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await context?.close();
  server?.close();
  if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
});

async function openPage(pathname) {
  const page = await context.newPage();
  const logs = [];
  const problems = []; // page errors, console errors and warnings
  page.on('pageerror', (error) => problems.push(`${pathname}: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'log') logs.push(message.text());
    else if (message.type() === 'error' || message.type() === 'warning') problems.push(`${pathname}: ${message.text()}`);
  });
  await page.goto(origin + pathname);
  return { page, logs, problems };
}

test('every shared vector answers in Chromium as it does natively', { timeout: 120_000 }, async (t) => {
  const { page, problems } = await openPage('/index.html');
  const answers = await page.evaluate(async () => {
    const { createPcuCore } = await import('/pkg/index.js');
    const core = await createPcuCore();
    const viaJson = await createPcuCore({ wire: false });
    const { cases } = await (await fetch('/vectors.json')).json();
    return cases.map((c) => [core[c.function](...c.args), viaJson[c.function](...c.args)]);
  });
  assert.equal(answers.length, vectors.cases.length);
  for (const [i, c] of vectors.cases.entries()) {
    await t.test(`${c.rule} ${c.name}`, () => {
      assert.deepStrictEqual(answers[i][0], c.expect);
      assert.deepStrictEqual(answers[i][1], c.expect);
    });
  }
  await page.close();
  assert.deepStrictEqual(problems, []);
});

test('bad calls in Chromium throw TypeErrors or answer problems, and the module keeps working', { timeout: 120_000 }, async () => {
  const { page, problems } = await openPage('/index.html');
  const outcome = await page.evaluate(async () => {
    const { createPcuCore } = await import('/pkg/index.js');
    const core = await createPcuCore();
    const cyclic = {};
    cyclic.self = cyclic;
    const bad = [42, null, undefined, {}, [], cyclic, 10n, () => 1, 'x'.repeat(70_000), { actor: { kind: 'robot' } }];
    const counts = { TypeError: 0, RangeError: 0, answered: 0, other: [] };
    for (let i = 0; i < 10_000; ++i) {
      const fn = Object.keys(core)[i % 9];
      try {
        core[fn](bad[i % bad.length], bad[(i + 1) % bad.length]);
        ++counts.answered;
      } catch (error) {
        if (error instanceof TypeError || error instanceof RangeError) ++counts[error.constructor.name];
        else counts.other.push(String(error));
      }
    }
    counts.after = core.decide({ actor: { kind: 'user', global_admin: true, tenant: 't1', access: { roles: ['manager'] } },
                                 action: 'invite_users', tenant: 't1' });
    return counts;
  });
  assert.deepStrictEqual(outcome.other, []);
  assert.ok(outcome.TypeError > 0 && outcome.answered > 0);
  assert.deepStrictEqual(outcome.after, { allowed: true });
  await page.close();
  assert.deepStrictEqual(problems, []);
});

test('the README example runs in Chromium through an import map', { timeout: 120_000 }, async () => {
  const { page, logs, problems } = await openPage('/readme.html');
  await page.waitForFunction(() => window.readmeDone === true, null, { timeout: 60_000 });
  assert.deepStrictEqual(logs, readmeOutput);
  await page.close();
  assert.deepStrictEqual(problems, []);
});
