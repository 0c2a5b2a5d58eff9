// pcusers-core.d.ts checked by the TypeScript compiler (the root package.json's pinned
// `typescript`, installed by scripts/setup): the README's usage example, as a .ts file
// importing the built package by its name, compiles with `tsc --noEmit --strict`, and calls
// the types forbid are refused (each `@ts-expect-error` must meet an error, so declarations
// that let everything through fail this test too).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { moduleDir, readmeExample, repoRoot } from './package_under_test.mjs';

const tsc = path.join(repoRoot, 'node_modules/typescript/bin/tsc');

// Uses the types must refuse, one per line after its @ts-expect-error.
const refused = `import { createPcuCore, type Decision } from 'pcusers-core';

const core = await createPcuCore();
// @ts-expect-error: a number is no invitation text
core.parseInviteList(42);
// @ts-expect-error: not an action of the core
core.decide({ actor: { kind: 'user' }, action: 'launch_rockets' });
// @ts-expect-error: the actor needs its kind
core.decide({ actor: { id: 'u1' }, action: 'list_users' });
// @ts-expect-error: levels are none, read or read_write
core.validateAccess({ account: { account_users: 'write' } });
// @ts-expect-error: decideMany takes an array of checks
core.decideMany({ kind: 'owner' }, { action: 'list_users' });
const d: Decision = core.decide({ actor: { kind: 'owner' }, action: 'list_users' });
// @ts-expect-error: only a denial's code is surely a string
d.code.length;
if (!d.allowed) console.log(d.code.length, d.message.length);
`;

let scratch;

before(() => {
  assert.ok(fs.existsSync(tsc), `no TypeScript compiler at ${tsc}: run scripts/setup (npm ci)`);
  // A project that finds the built package as node_modules/pcusers-core, as an app would.
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'pcusers-core-types-'));
  fs.writeFileSync(path.join(scratch, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  fs.mkdirSync(path.join(scratch, 'node_modules'));
  fs.symlinkSync(moduleDir, path.join(scratch, 'node_modules/pcusers-core'), 'dir');
  fs.writeFileSync(path.join(scratch, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      strict: true, noEmit: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext',
      lib: ['es2022', 'dom'], types: [], skipLibCheck: false,
    },
    files: ['readme.ts', 'refused.ts'],
  }, null, 2));
  fs.writeFileSync(path.join(scratch, 'readme.ts'), readmeExample().code);
  fs.writeFileSync(path.join(scratch, 'refused.ts'), refused);
});

after(() => fs.rmSync(scratch, { recursive: true, force: true }));

test('the README example and the refused calls type-check with tsc --noEmit --strict', () => {
  const run = spawnSync(process.execPath, [tsc, '--noEmit', '--strict', '-p', scratch], { encoding: 'utf8' });
  assert.equal(run.status, 0, `tsc failed:\n${run.stdout}${run.stderr}`);
});
