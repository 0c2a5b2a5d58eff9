// The shared vectors (tests/vectors/core_vectors.json) through the JS module in Node: every
// case must answer exactly what tests/core/vectors_test.cpp proves natively, both through the
// compact byte form (decide, parseInviteList) and through JSON alone. Each test is named
// after the rule its case proves: R-A1 R-A2 R-A3 R-A4 R-A5 R-UM2 R-UM3 R-UM4 R-UM5 R-UM7
// R-UM10 R-UM11 R-UM14 R-UM15 R-UM16 R-RP1 R-RP2 R-RP3 R-RP4 R-RP5 R-RP6 R-RP7 R-PW1.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { loadCore, vectors } from './package_under_test.mjs';

const core = await loadCore();
const viaJson = await loadCore({ wire: false });

// Functions defined by others of the module, proven against them in their own tests
// (decideMany: decide_many.test.mjs), so the native side has nothing to compare.
const composed = new Set(['decideMany']);

test('the vectors cover every function of the module', () => {
  assert.ok(vectors.cases.length >= 40);
  assert.deepEqual(new Set(vectors.cases.map((c) => c.function)),
                   new Set(Object.keys(core).filter((name) => !composed.has(name))));
});

// Every decide vector asked again through decideMany, alone and among all of them.
test('decideMany answers each decide vector as decide does', () => {
  const cases = vectors.cases.filter((c) => c.function === 'decide' && c.args[0] !== null &&
                                            typeof c.args[0] === 'object' && !Array.isArray(c.args[0]));
  assert.ok(cases.length >= 20);
  for (const c of cases) {
    const { actor, ...check } = c.args[0];
    for (const k of [core, viaJson]) {
      assert.deepStrictEqual(k.decideMany(actor, [check]), [c.expect], c.name);
      assert.deepStrictEqual(k.decideMany(actor, [check, check, check]), [c.expect, c.expect, c.expect], c.name);
    }
  }
});

for (const c of vectors.cases) {
  test(`${c.rule} ${c.name}`, () => {
    assert.deepStrictEqual(core[c.function](...c.args), c.expect);
    assert.deepStrictEqual(viaJson[c.function](...c.args), c.expect);
  });
}
