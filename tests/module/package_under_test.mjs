// What the module tests share: where the built package is (PCU_MODULE_DIR, default
// build-web/web/module/pkg), the shared vectors, and the README's usage example with the
// output its comments promise.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const moduleDir = path.resolve(process.env.PCU_MODULE_DIR ?? path.join(repoRoot, 'build-web/web/module/pkg'));

if (!fs.existsSync(path.join(moduleDir, 'node.js')))
  throw new Error(`no built pcusers-core package in ${moduleDir}: build target pcu_module or set PCU_MODULE_DIR`);

export async function loadCore(options) {
  const { createPcuCore } = await import(pathToFileURL(path.join(moduleDir, 'node.js')).href);
  return createPcuCore(options);
}

export const vectors = JSON.parse(fs.readFileSync(path.join(repoRoot, 'tests/vectors/core_vectors.json'), 'utf8'));

// The ```js block of the README, and the lines it should print: the comment after each
// console.log(...).
export function readmeExample() {
  const readme = fs.readFileSync(path.join(moduleDir, 'README.md'), 'utf8');
  const block = readme.match(/```js\n([\s\S]*?)```/);
  if (!block) throw new Error('README.md has no ```js block');
  const code = block[1];
  const expected = [...code.matchAll(/console\.log\(.*\); \/\/ (.*)$/gm)].map((m) => m[1]);
  return { code, expected };
}
