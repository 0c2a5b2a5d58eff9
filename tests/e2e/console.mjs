// console.mjs: drives the pcusers console in Debian's Chromium like a person: finds widgets
// through the automation registry (Module.uiSnapshot()), clicks their centre and types with
// the keyboard. Also starts a real pcu-server on a fresh SQLite database per test file.
import { chromium } from 'playwright-core';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync, readdirSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const screenshots = join(root, 'tests', 'e2e', 'screenshots');
export const serverBinary = process.env.PCU_SERVER ?? join(root, 'build', 'native', 'server', 'pcu-server');
export const dist = process.env.PCU_WEB_DIST ?? join(root, 'web', 'dist');
export const demoPassword = 'Demo-Password-1';
export const ownerPassword = 'Owner-Password-1';

const chromiumArgs = ['--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--no-sandbox', '--disable-gpu',
  '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update',
  '--disable-sync'];

export async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
    s.on('error', reject);
  });
}

// A pcu-server on a fresh SQLite database with the demo tenant; mail goes to files, or to
// `mail` (a --mail value such as smtp://127.0.0.1:PORT) when given. Throws (with the server's
// output) if it exits or does not answer within a minute.
export async function startServer({ users, mail: mailTo } = {}) {
  if (!existsSync(serverBinary)) throw new Error(`no ${serverBinary}: build pcu-server first`);
  if (!existsSync(join(dist, 'app.wasm'))) throw new Error(`no ${dist}/app.wasm: build pcu_console first`);
  const dir = mkdtempSync(join(tmpdir(), 'pcu-e2e-'));
  const db = `sqlite:${join(dir, 'db.sqlite')}`;
  const mail = join(dir, 'mail');
  mkdirSync(mail);
  // No --public-url here: the port is chosen after init (which can take seconds with many
  // users), so that nothing else takes it meanwhile; only the demo's own invitation mail,
  // which no test follows, has links to the default base.
  const init = ['init', '--db', db, '--demo', '--demo-password', demoPassword, '--owner-password', ownerPassword,
    '--fast-hash'];
  if (users) init.push('--users', String(users));
  const initOutput = execFileSync(serverBinary, init, { encoding: 'utf8' });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const proc = spawn(serverBinary, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--static', dist,
    '--mail', mailTo ?? `dir:${mail}`, '--public-url', url, '--fast-hash'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  proc.stdout.on('data', (d) => { log += d; });
  proc.stderr.on('data', (d) => { log += d; });
  let exited = null;
  proc.once('exit', (code, signal) => { exited = signal ?? `status ${code}`; });
  const end = Date.now() + 60000;
  for (;;) {
    try {
      const r = await fetch(`${url}/api/v1/health`, { signal: AbortSignal.timeout(5000) });
      if (r.ok) break;
    } catch { /* not yet */ }
    if (exited !== null || Date.now() > end) {
      if (exited === null) {
        proc.kill('SIGKILL');
        await new Promise((r) => proc.once('exit', r));
      }
      rmSync(dir, { recursive: true, force: true });
      throw new Error(exited !== null
        ? `pcu-server exited (${exited}) before answering on ${url}; its output:\n${log}`
        : `pcu-server did not answer on ${url} within 60 s; its output:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url, dir, mail, initOutput,
    log: () => log,
    mails: () => readdirSync(mail).filter((f) => f.endsWith('.eml')).sort()
      .map((f) => readFileSync(join(mail, f), 'utf8')),
    async stop() {
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// The owner's username from `pcu-server init` output, or the demo default.
export function ownerUsername(server) {
  const m = server.initOutput.match(/owner[^\n]*?([A-Za-z0-9._'!#^~-]+@[A-Za-z0-9.-]+)/i);
  return m ? m[1] : 'owner@example.org';
}

export async function openBrowser({ width = 1280, height = 860 } = {}) {
  const userDataDir = mkdtempSync(join(tmpdir(), 'pcu-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.PCU_CHROMIUM ?? '/usr/bin/chromium', headless: true,
    viewport: { width, height }, deviceScaleFactor: 1, args: chromiumArgs,
  });
  return {
    context,
    async close() { await context.close(); rmSync(userDataDir, { recursive: true, force: true }); },
  };
}

// Runs `body` with a fresh browser (own cookies) signed in as `username`.
export async function signedIn(server, username, password, body, size) {
  const browser = await openBrowser(size);
  try {
    const c = await Console.open(browser, server.url, '#/');
    await c.signIn(username, password);
    await body(c);
  } finally {
    await browser.close();
  }
}

// Waits for the mail (an .eml the server wrote) that `test` accepts; delivery is asynchronous.
export async function waitForMail(server, test, timeout = 30000) {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    const m = server.mails().find(test);
    if (m) return m;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('no such mail arrived');
}

// One person at the console.
export class Console {
  constructor(page, base) { this.page = page; this.base = base; }

  static async open(browser, base, hash = '#/') {
    const page = await browser.context.newPage();
    page.on('pageerror', (e) => console.error('[pageerror]', e.message));
    const c = new Console(page, base);
    await c.goto(hash);
    return c;
  }

  async goto(hash) {
    if (this.page.url().startsWith(this.base + '/')) {
      await this.page.evaluate((h) => { window.location.hash = h; }, hash);
    } else {
      await this.page.goto(`${this.base}/${hash}`);
      await this.page.waitForFunction(() => window.pcuReady === true, null, { timeout: 30000 });
    }
    await this.settle();
  }

  snapshot() { return this.page.evaluate(() => Module.uiSnapshot()); }

  // Waits until `n` more frames were drawn. Input is seen by the next frame and what it caused
  // is drawn by the one after, whatever the frame rate (SwiftShader on two cores: 15-60 fps).
  async frames(n = 2, timeout = 10000) {
    const until = (await this.snapshot()).frame + n;
    await this.page.waitForFunction((f) => Module.uiSnapshot().frame >= f, until, { timeout, polling: 10 });
  }

  // Waits until a frame was drawn with no request in flight.
  async settle(timeout = 15000) {
    const end = Date.now() + timeout;
    await this.frames(2);
    while (Date.now() < end) {
      const s = await this.snapshot();
      if (!s.busy) return s;
      await this.page.waitForTimeout(50);
    }
    throw new Error('the console stayed busy');
  }

  // Waits for a widget whose full id (or else label) matches and returns it.
  async find(name, { timeout = 10000, kind, visible = true } = {}) {
    const end = Date.now() + timeout;
    let last;
    while (Date.now() < end) {
      last = await this.snapshot();
      // An exact id wins over a label: "Change password" is the button, not "Change password##nav".
      const fits = (x) => (!kind || x.kind === kind) && (!visible || x.visible);
      const w = last.widgets.find((x) => x.id === name && fits(x)) ?? last.widgets.find((x) => x.label === name && fits(x));
      if (w) return w;
      await this.page.waitForTimeout(50);
    }
    throw new Error(`no widget "${name}" on ${last?.route}; have: ${last?.widgets.map((w) => w.id).join(' | ')}`);
  }

  async has(name) {
    const s = await this.snapshot();
    return s.widgets.some((x) => x.label === name || x.id === name);
  }

  async click(name, options) {
    await this.find(name, options);
    await this.frames(2);  // a new layout (tables fit their columns) settles in a frame or two
    const w = await this.find(name, options);
    if (!w.enabled) throw new Error(`widget "${name}" is disabled`);
    await this.page.mouse.click(w.x + Math.min(w.w / 2, 40), w.y + w.h / 2);
    await this.frames(2);
    return w;
  }

  // Holds a key until a frame has seen it (ImGui 1.86 polls key state once per frame).
  async press(key) {
    const parts = key.split('+');
    for (const k of parts) await this.page.keyboard.down(k);
    await this.frames(1);
    for (const k of parts.reverse()) await this.page.keyboard.up(k);
    await this.frames(1);
  }

  // Clicks a text field, selects what it holds and types over it.
  async type(name, text) {
    const w = await this.click(name);
    if (w.text || w.kind === 'password') {
      await this.press('Control+a');
      await this.press('Delete');
    }
    await this.page.keyboard.type(text, { delay: 5 });
    await this.frames(2);
  }

  // Clicks a text field and pastes text into it, as Ctrl+V from another program would.
  async paste(name, text) {
    await this.click(name);
    await this.page.evaluate((t) => {
      const data = new DataTransfer();
      data.setData('text/plain', t);
      document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }));
    }, text);
    await this.frames(2);
  }

  // Opens a combo box and picks a choice by its title.
  async choose(combo, title) {
    await this.click(combo);
    const c = await this.find(combo);
    await this.click(`${title}##${c.label}`);
  }

  async messages(kind) {
    const s = await this.snapshot();
    return s.messages.filter((m) => !kind || m.kind === kind).map((m) => m.text);
  }

  async waitForMessage(re, { kind, timeout = 10000 } = {}) {
    const end = Date.now() + timeout;
    let last = [];
    while (Date.now() < end) {
      last = await this.messages(kind);
      const hit = last.find((t) => re.test(t));
      if (hit) return hit;
      await this.page.waitForTimeout(50);
    }
    throw new Error(`no message ${re} (have: ${last.join(' | ')})`);
  }

  async waitForRoute(re, timeout = 10000) {
    const end = Date.now() + timeout;
    let s;
    while (Date.now() < end) {
      s = await this.snapshot();
      if (re.test(s.route)) return s;
      await this.page.waitForTimeout(50);
    }
    throw new Error(`route ${s?.route} never matched ${re}`);
  }

  async signIn(username, password) {
    await this.goto('#/sign-in');
    await this.type('Username', username);
    await this.type('Password', password);
    await this.click('Sign in');
    await this.waitForRoute(/^#\/(users|password)?$|^#\/users/);
    return this.settle();
  }

  async signOut() {
    await this.click('Sign out');
    await this.waitForRoute(/sign-in/);
  }

  async screenshot(name) {
    mkdirSync(screenshots, { recursive: true });
    await this.frames(2);
    const path = join(screenshots, `${name}.png`);
    await this.page.screenshot({ path });
    return path;
  }
}
