// The package as users get it: `npm pack` of the built package installs offline into a
// scratch project, imports by its name `pcusers-core`, declares types for every function,
// and its README example runs there and prints what its comments say.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { loadCore, moduleDir, readmeExample } from './package_under_test.mjs';

let scratch;
let tarball;

// npm without the network: no registry look-ups, no notices, its own cache.
function npm(args, cwd) {
  return execFileSync('npm', [...args, '--offline', '--no-audit', '--no-fund', '--cache', path.join(scratch, 'npm-cache')], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, npm_config_update_notifier: 'false', npm_config_loglevel: 'error' },
  });
}

before(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'pcusers-core-package-'));
  const [packed] = JSON.parse(npm(['pack', moduleDir, '--pack-destination', scratch, '--json'], scratch));
  tarball = { path: path.join(scratch, packed.filename), files: packed.files.map((f) => f.path).sort() };
  const project = path.join(scratch, 'app');
  fs.mkdirSync(project);
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  npm(['install', tarball.path], project);
});

after(() => fs.rmSync(scratch, { recursive: true, force: true }));

test('npm pack holds the loader, the wasm, the wrapper, the types and the README', () => {
  assert.deepStrictEqual(tarball.files, ['README.md', 'api.js', 'index.js', 'node.js', 'package.json',
                                         'pcusers-core-raw.js', 'pcusers-core-raw.wasm', 'pcusers-core.d.ts']);
});

test('the installed package imports by name and answers', () => {
  const script = `
    import createPcuCore, { createPcuCore as named } from 'pcusers-core';
    const core = await named();
    console.log(createPcuCore === named, core.parseInviteList('a@x.org; b@x.org').addresses.join(' '));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: path.join(scratch, 'app'),
    encoding: 'utf8',
  });
  assert.equal(out, 'true a@x.org b@x.org\n');
});

test('the README example runs against the installed package and prints what it promises', () => {
  const { code, expected } = readmeExample();
  assert.ok(expected.length >= 3);
  const file = path.join(scratch, 'app', 'readme-example.mjs');
  fs.writeFileSync(file, code);
  const out = execFileSync(process.execPath, [file], { cwd: path.join(scratch, 'app'), encoding: 'utf8' });
  assert.deepStrictEqual(out.trimEnd().split('\n'), expected);
});

test('pcusers-core.d.ts declares every function of the module', async () => {
  const types = fs.readFileSync(path.join(moduleDir, 'pcusers-core.d.ts'), 'utf8');
  const declared = [...types.matchAll(/^ {2}(\w+)\(/gm)].map((m) => m[1]).sort();
  assert.deepStrictEqual(declared, Object.keys(await loadCore()).sort());
  assert.match(types, /export function createPcuCore\(/);
});
