// decideMany(actor, checks) writes the actor once and each check after it (wire.hpp's batch
// form); it must answer exactly checks.map((check) => decide({ ...check, actor })), through
// the byte form and through JSON alone, whatever the checks hold (R-A2..R-A5, R-UM10,
// R-UM14..R-UM16, R-RP1, R-RP3, R-RP6).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { loadCore } from './package_under_test.mjs';

const core = await loadCore();
const viaJson = await loadCore({ wire: false });

const custom = (product) => ({
  account: { ad_campaigns: 'read' },
  products: { '*': { usage: 'read' }, [product]: { packages: 'read_write' } },
});
const actors = [
  { kind: 'user', id: 'u1', tenant: 't1', global_admin: true,
    access: { roles: ['business_contributor', 'finance_contributor', 'marketer'] },
    groups: [{ id: 'g1', access: custom('app-1') }, { id: 'g2', access: custom('app-2') }] },
  { kind: 'user', id: 'u7', tenant: 't1', access: { roles: ['manager'] } },
  { kind: 'user', id: 'u9', tenant: 't1', type: 'guest', access: { roles: ['developer'] } },
  { kind: 'owner', id: 'o1', tenant: 't1' },
];
const actions = ['list_users', 'add_existing_users', 'create_user', 'invite_users', 'resend_invitation',
  'reset_password', 'edit_access', 'view_history', 'remove_user', 'store_associate_app', 'store_create_package',
  'submit_app', 'respond_feedback', 'view_usage_report', 'update_payout_account'];
const targets = [undefined, null,
  { kind: 'user', id: 'u8', tenant: 't1', access: { roles: ['developer'] } },
  { kind: 'user', id: 'u7', tenant: 't1', type: 'guest' },
  { kind: 'owner', id: 'o1', tenant: 't1' },
  { kind: 'user', id: 'u8', tenant: 't2' }];

function checksFor(seed, count) {
  const checks = [];
  for (let i = 0; i < count; ++i) {
    const n = seed * 7919 + i * 104729;
    const check = { action: actions[n % actions.length], tenant: n % 11 === 0 ? 't2' : 't1' };
    const target = targets[(n >> 3) % targets.length];
    if (target !== undefined) check.target = target;
    if (n % 3 === 0) check.product = ['app-1', 'app-2', 'app-1/add-ons', '*'][(n >> 5) % 4];
    checks.push(check);
  }
  return checks;
}

const expected = (actor, checks) => checks.map((check) => viaJson.decide({ ...check, actor }));

test('decideMany answers as decide does, check by check, both ways', () => {
  for (const [a, actor] of actors.entries()) {
    for (const count of [0, 1, 2, 17, 300]) {
      const checks = checksFor(a + count, count);
      const want = expected(actor, checks);
      assert.deepStrictEqual(core.decideMany(actor, checks), want);
      assert.deepStrictEqual(viaJson.decideMany(actor, checks), want);
    }
  }
});

test('checks that are not plainly valid are answered among the others, in order', () => {
  const actor = actors[0];
  const checks = checksFor(5, 40);
  checks[3] = { ...checks[3], extra: 1 }; // an unknown member: invalid_request through JSON
  checks[9] = { action: 'no_such_action' };
  checks[12] = { action: 'list_users', tenant: 't\u00e9' }; // non-ASCII: the JSON path
  checks[20] = { ...checks[20], actor: { kind: 'owner' } }; // replaced by the actor, as in {...check, actor}
  checks[30] = { action: 'list_users', tenant: 't1', toJSON: () => ({ action: 'view_history' }) };
  assert.deepStrictEqual(core.decideMany(actor, checks), expected(actor, checks));
  // An actor the byte form does not take sends every check through JSON.
  const odd = { ...actor, nickname: 'x' };
  assert.deepStrictEqual(core.decideMany(odd, checks), expected(odd, checks));
});

test('more checks than the input area holds are sent in several calls', () => {
  const actor = actors[1];
  const longKey = 'app-' + 'x'.repeat(2000);
  const checks = checksFor(11, 120).map((check, i) => ({
    ...check,
    action: 'edit_access',
    target: { kind: 'user', id: `u${i}`, tenant: 't1', access: { products: { [longKey]: { packages: 'read' } } } },
  }));
  const answers = core.decideMany(actor, checks);
  assert.equal(answers.length, 120);
  assert.deepStrictEqual(answers, expected(actor, checks));
});

test('bad arguments throw TypeErrors, and decide keeps working after them', () => {
  for (const checks of [undefined, null, 'list_users', { action: 'list_users' }, 7])
    assert.throws(() => core.decideMany(actors[1], checks), TypeError);
  for (const check of [null, 'list_users', 7, ['list_users']])
    assert.throws(() => core.decideMany(actors[1], [{ action: 'list_users' }, check]), /checks\[1\] must be an object/);
  assert.deepStrictEqual(core.decideMany(actors[1], [{ action: 'list_users', tenant: 't1' }]), [{ allowed: true }]);
  assert.deepStrictEqual(core.decide({ actor: actors[1], action: 'list_users', tenant: 't1' }), { allowed: true });
});
