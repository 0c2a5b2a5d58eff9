// Answers that stay right at the edges: after the module's memory grew, with a byte-order
// mark inside an item, and with an actor whose access holds levels its areas do not allow.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { loadCore } from './package_under_test.mjs';

// R-UM7: a call that grows the WebAssembly memory still names every offending item. (The
// wire path read the memory of before the call, which growing it had detached: an empty
// "not ok" answer.)
test('R-UM7: parseInviteList names every problem when the call grows the memory', async () => {
  const text = Array.from({ length: 8192 }, () => 'a').join(',').slice(0, 16384);
  // Fill a fresh instance's memory to different heights, so that for some of them this call
  // is the one that grows it.
  for (const checks of [300000, 320000, 340000, 360000]) {
    const core = await loadCore();
    core.validateEmail('a'.repeat(1 << 20));
    core.decideMany({ kind: 'owner' }, new Array(checks).fill({ action: 'list_users' }));
    const answer = core.parseInviteList(text);
    assert.equal(answer.ok, false);
    assert.equal(answer.problems.length, 8192, `after ${checks} checks: ${JSON.stringify(answer).slice(0, 80)}`);
  }
});

// R-UM7: a U+FEFF at the start of an item is shown as it was typed, on both paths.
test('R-UM7: an item starting with U+FEFF keeps it in the problem', async () => {
  const text = 'a@x.org, \uFEFFb@x.org';
  for (const wire of [true, false]) {
    const core = await loadCore({ wire });
    const answer = core.parseInviteList(text);
    assert.equal(answer.ok, false);
    assert.equal(answer.problems[0].item, '\uFEFFb@x.org', `wire ${wire}`);
  }
});

// R-RP2, R-RP4: an actor's own access and its groups' are checked as a bare access is.
test('R-RP2, R-RP4: effectivePermissions refuses levels an area does not allow in an actor or its groups', async () => {
  const core = await loadCore();
  const own = core.effectivePermissions({ kind: 'user', access: { account: { payout_summary: 'read_write' } } });
  assert.equal(own.ok, false);
  assert.deepEqual(own.problems.map((p) => [p.field, p.code]),
    [['actor.access.account.payout_summary', 'level_not_allowed']]);
  const group = core.effectivePermissions({
    kind: 'user', access: {},
    groups: [{ id: 'g', access: { products: { '*': { contact_customer: 'read' } } } }],
  });
  assert.equal(group.ok, false);
  assert.ok(group.problems.some((p) => p.field.startsWith('actor.groups[0].access')), JSON.stringify(group.problems));
  // Rights from groups only: an empty own access is fine.
  const fine = core.effectivePermissions({ kind: 'user', access: {}, groups: [{ id: 'g', access: { roles: ['developer'] } }] });
  assert.equal(fine.ok, true, JSON.stringify(fine.problems));
  assert.deepEqual(fine.permissions.roles, ['developer']);
});

// Whatever a caller's getter throws, the module throws a TypeError that says what and why.
test('a check or actor that throws while being read gives a TypeError naming it', async () => {
  const core = await loadCore();
  const throwing = { get action() { throw 'str'; } };  // eslint-disable-line no-throw-literal
  assert.throws(() => core.decideMany({ kind: 'owner' }, [{ action: 'list_users' }, throwing]),
    (e) => e instanceof TypeError && /checks\[1\] cannot be read: str/.test(e.message));
  assert.throws(() => core.decide({ actor: { get kind() { throw 42; } }, action: 'list_users' }),
    (e) => e instanceof TypeError && /: 42$/.test(e.message));
  assert.throws(() => core.decide(undefined), (e) => e instanceof TypeError && /got undefined/.test(e.message));
});
