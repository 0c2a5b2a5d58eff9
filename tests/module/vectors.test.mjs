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

test('the vectors cover every function of the module', () => {
  assert.ok(vectors.cases.length >= 40);
  assert.deepEqual(new Set(vectors.cases.map((c) => c.function)), new Set(Object.keys(core)));
});

for (const c of vectors.cases) {
  test(`${c.rule} ${c.name}`, () => {
    assert.deepStrictEqual(core[c.function](...c.args), c.expect);
    assert.deepStrictEqual(viaJson[c.function](...c.args), c.expect);
  });
}
