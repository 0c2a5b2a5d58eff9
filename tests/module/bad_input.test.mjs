// Bad input from JS never breaks the module: wrong types throw a TypeError or come back as
// problems with clear messages, oversized input gets the core's "too long" answers, and the
// module answers correctly after any number of bad calls.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { loadCore, vectors } from './package_under_test.mjs';

const core = await loadCore();

const cyclic = () => {
  const o = { roles: ['manager'] };
  o.self = o;
  return o;
};
const notJson = [undefined, () => 1, Symbol('s'), 10n];
const notStrings = [42, null, undefined, true, {}, ['a@x.org'], 10n, Symbol('s'), () => 'a@x.org', new String('a@x.org')];
const stringFunctions = ['parseInviteList', 'validateEmail', 'validatePassword'];
const documentFunctions = ['validateAccess', 'effectivePermissions', 'decide'];

test('string arguments of another type throw a TypeError naming the argument', () => {
  for (const fn of stringFunctions)
    for (const value of notStrings)
      assert.throws(() => core[fn](value), (e) => e instanceof TypeError && e.message.startsWith(`${fn}(`), fn);
});

test('values that are not JSON throw a TypeError', () => {
  for (const fn of documentFunctions) {
    for (const value of [...notJson, cyclic()])
      assert.throws(() => core[fn](value), TypeError, `${fn}(${String(typeof value)})`);
    // A cycle deep inside a request that otherwise looks right.
    const actor = { kind: 'user', access: { roles: ['manager'] } };
    actor.groups = [{ id: 'g', access: actor }];
    assert.throws(() => core[fn]({ actor, action: 'list_users' }), TypeError);
  }
  assert.throws(() => core.validateCreateUser(undefined, {}), TypeError);
  assert.throws(() => core.validateCreateUser({}, cyclic()), TypeError);
  assert.throws(() => core.validateCreateUser({ first_name: 1n }, {}), /cannot be written as JSON/);
});

test('R-UM2 wrong JSON types and missing fields come back as problems', () => {
  assert.deepStrictEqual(core.validateAccess(null), {
    ok: false,
    problems: [{ code: 'wrong_type', field: 'access', message: 'Expected an object, found null.' }],
  });
  assert.deepStrictEqual(core.validateAccess(42).problems.map((p) => p.code), ['wrong_type']);
  assert.deepStrictEqual(core.validateAccess({ roles: 'manager' }).problems.map((p) => [p.code, p.field]),
                         [['wrong_type', 'access.roles']]);
  const created = core.validateCreateUser({ first_name: 'Jane', last_name: null }, { verified_domains: 'x' });
  assert.equal(created.ok, false);
  assert.deepStrictEqual(created.problems.map((p) => [p.code, p.field]), [
    ['wrong_type', 'last_name'],
    ['missing_field', 'username'],
    ['missing_field', 'access'],
    ['wrong_type', 'tenant.verified_domains'],
  ]);
});

test('R-A1 a decision request that cannot be read is denied with every problem', () => {
  for (const request of [null, 7, 'list_users', [], {}, { actor: null, action: 'list_users' },
                         { actor: { kind: 'user', groups: [{ id: 'g' }] }, action: 'list_users' },
                         { actor: { kind: 'user', global_admin: 'yes' }, action: 'list_users' },
                         { actor: { kind: 'user' }, action: 'list_users', target: { kind: 'user', global_admin: true } }]) {
    const d = core.decide(request);
    assert.equal(d.allowed, false, JSON.stringify(request));
    assert.equal(d.code, 'invalid_request');
    assert.ok(d.problems.length > 0 && d.problems.every((p) => p.code && p.message));
  }
});

test('R-UM7 oversized input gets the core\'s too-long answers without copying it all', () => {
  const text = 'a@example.org, '.repeat(200_000);
  assert.deepStrictEqual(core.parseInviteList(text).problems.map((p) => p.code), ['invite_text_too_long']);
  const roles = new Array(100_000).fill('manager');
  assert.deepStrictEqual(core.validateAccess({ roles }).problems.map((p) => p.code), ['document_too_large']);
  assert.equal(core.decide({ actor: { kind: 'owner', id: 'x'.repeat(100_000) }, action: 'list_users' }).code, 'invalid_request');
  assert.throws(() => core.validateEmail('a'.repeat(2_000_000) + '@example.org'), RangeError);
  assert.throws(() => core.validatePassword('Aa1'.repeat(1_000_000)), RangeError);
  assert.deepStrictEqual(core.validatePassword('Aa1'.repeat(1000)).problems.map((p) => p.code), ['password_too_long']);
});

test('R-UM7 text that is not well-formed UTF-16 is read with replacement characters', () => {
  const list = core.parseInviteList('\ud800@example.org, b@example.org\udfff, c@example.org');
  assert.deepStrictEqual(list.addresses, ['c@example.org']);
  assert.deepStrictEqual(list.problems.map((p) => [p.code, p.item]), [
    ['email_non_ascii', '\ufffd@example.org'],
    ['email_non_ascii', 'b@example.org\ufffd'],
  ]);
  assert.equal(core.validateEmail('\udc00').problems[0].item, '\ufffd');
  assert.equal(core.decide({ actor: { kind: 'user', id: '\ud800' }, action: 'list_users' }).code, 'invalid_request');
});

test('answers are fresh objects: changing one changes no later answer', () => {
  const roles = core.listRoles();
  roles.roles.length = 0;
  assert.equal(core.listRoles().roles.length, 5);
  const denied = core.decide({ actor: { kind: 'user' }, action: 'list_users' });
  denied.code = 'changed';
  assert.equal(core.decide({ actor: { kind: 'user' }, action: 'list_users' }).code, 'missing_account_users_permission');
  assert.ok(Object.isFrozen(core));
});

test('10,000 bad calls, then every vector still answers as expected', () => {
  const bad = [...notStrings, ...notJson, cyclic(), null, 0, -1, NaN, Infinity, '', '{', '[]', [], {}, [[[[]]]],
               { actor: { kind: 'robot' } }, { roles: ['owner'] }, 'x'.repeat(70_000)];
  const functions = Object.keys(core);
  let thrown = 0;
  for (let i = 0; i < 10_000; ++i) {
    const fn = functions[i % functions.length];
    const value = bad[(i * 7) % bad.length];
    try {
      const answer = fn === 'validateCreateUser' ? core[fn](value, value) : core[fn](value);
      assert.equal(typeof answer, 'object');
    } catch (error) {
      assert.ok(error instanceof TypeError || error instanceof RangeError, `${fn}: ${error}`);
      ++thrown;
    }
  }
  assert.ok(thrown > 0);
  for (const c of vectors.cases) assert.deepStrictEqual(core[c.function](...c.args), c.expect, c.name);
});
