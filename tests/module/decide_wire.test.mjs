// decide() writes plainly valid requests in a compact byte form (web/module/src/wire.hpp)
// and sends everything else through JSON. Random requests, valid and not, must get the
// same answer both ways (R-A2..R-A5, R-UM10, R-UM11, R-UM14..R-UM16, R-RP1, R-RP3, R-RP5,
// R-RP6), and so must JS values JSON treats specially (undefined members, holes, classes).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';

import { loadCore, moduleDir } from './package_under_test.mjs';

const core = await loadCore();
const viaJson = await loadCore({ wire: false });

// A small deterministic PRNG (mulberry32), so a failure can be replayed.
function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const roles = ['manager', 'developer', 'business_contributor', 'finance_contributor', 'marketer'];
const areas = core.listPermissionAreas();
const accountAreas = areas.account.map((a) => a.id);
const permissions = areas.products.flatMap((c) => c.permissions.map((p) => p.id));
const actions = ['list_users', 'add_existing_users', 'create_user', 'invite_users', 'resend_invitation',
  'reset_password', 'edit_access', 'view_history', 'remove_user', 'store_associate_app', 'store_create_package',
  'submit_app', 'change_account_settings', 'view_acquisitions_report', 'respond_feedback', 'view_usage_report',
  'update_payout_account', 'view_payout_summary'];

function generator(seed) {
  const r = random(seed);
  const pick = (list) => list[Math.floor(r() * list.length)];
  const chance = (p) => r() < p;
  // Mostly good values, sometimes each kind of bad one.
  const odd = () => pick([undefined, null, 7, true, 'owner', 'mixed', '', 'x'.repeat(130), 't\u00e9', [], {}]);
  const id = () => (chance(0.9) ? pick(['u1', 'u2', 'g1', 't1', 't2', '', 'o1']) : odd());
  const level = () => (chance(0.93) ? pick(['none', 'read', 'read_write']) : odd());
  const levels = (names) => {
    const out = {};
    for (let n = Math.floor(r() * 4); n > 0; --n) out[chance(0.95) ? pick(names) : pick(['billing', 'downloads'])] = level();
    return out;
  };
  const access = () => {
    if (chance(0.03)) return odd();
    const a = {};
    if (chance(0.7)) a.roles = Array.from({ length: Math.floor(r() * 3) }, () => (chance(0.95) ? pick(roles) : odd()));
    if (chance(0.4)) a.account = levels(accountAreas);
    if (chance(0.5)) {
      a.products = {};
      for (let n = Math.floor(r() * 3); n > 0; --n)
        a.products[pick(['*', 'app-1', 'app-2', 'app-1/add-ons', 'bad key', 'app-\u00e9'])] = chance(0.97) ? levels(permissions) : odd();
    }
    if (chance(0.03)) a.extra = 1;
    if (chance(0.05)) a.roles = undefined;
    return a;
  };
  const person = (isActor) => {
    const p = {};
    if (chance(0.97)) p.kind = chance(0.85) ? 'user' : chance(0.9) ? 'owner' : odd();
    if (chance(0.9)) p.id = id();
    if (chance(0.9)) p.tenant = chance(0.7) ? 't1' : id();
    if (chance(0.7)) p.type = chance(0.95) ? pick(['member', 'guest']) : odd();
    if (chance(0.9)) p.access = access();
    if (isActor && chance(0.6)) p.global_admin = chance(0.95) ? chance(0.5) : odd();
    if (isActor && chance(0.4)) {
      p.groups = Array.from({ length: Math.floor(r() * 3) }, () => {
        const g = { id: id() };
        if (chance(0.95)) g.access = access();
        return g;
      });
    }
    if (!isActor && chance(0.02)) p.global_admin = true;
    return p;
  };
  return () => {
    const request = { action: chance(0.97) ? pick(actions) : odd() };
    if (chance(0.98)) request.actor = person(true);
    if (chance(0.9)) request.tenant = chance(0.8) ? 't1' : id();
    if (chance(0.4)) request.target = chance(0.9) ? person(false) : null;
    if (chance(0.4)) request.product = chance(0.9) ? pick(['app-1', 'app-2', 'app-1/add-ons', '*', '']) : odd();
    if (chance(0.02)) request.extra = 'x';
    return request;
  };
}

function answer(c, request) {
  try {
    return c.decide(request);
  } catch (error) {
    return { threw: error.constructor.name };
  }
}

test('random requests: the byte form and JSON give the same decision', () => {
  const next = generator(20240601);
  const seen = new Map();
  for (let i = 0; i < 5000; ++i) {
    const request = next();
    const fast = answer(core, request);
    assert.deepStrictEqual(fast, answer(viaJson, request), JSON.stringify(request));
    const key = fast.allowed ? 'allowed' : fast.code ?? fast.threw;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  // The generator reaches allowed, refused and unreadable requests alike.
  for (const key of ['allowed', 'invalid_request', 'missing_permission', 'not_global_admin', 'guest_restricted'])
    assert.ok(seen.get(key) > 10, `${key}: ${seen.get(key)}`);
});

test('JS values that JSON writes specially get the answer their JSON text gets', () => {
  const manager = { kind: 'user', id: 'u1', tenant: 't1', global_admin: true, access: { roles: ['manager'] } };
  class Actor {
    constructor() {
      Object.assign(this, manager);
    }
  }
  const inherited = Object.create({ kind: 'owner' });
  inherited.id = 'u1';
  const withToJson = { ...manager, toJSON: () => ({ kind: 'owner' }) };
  const bare = Object.assign(Object.create(null), manager);
  const holes = { ...manager, access: { roles: ['manager', , 'developer'] } }; // eslint-disable-line no-sparse-arrays
  const requests = [
    { actor: manager, action: 'invite_users', tenant: 't1', target: undefined, product: undefined },
    { actor: { ...manager, groups: undefined, type: undefined }, action: 'invite_users', tenant: 't1' },
    { actor: new Actor(), action: 'invite_users', tenant: 't1' },
    { actor: inherited, action: 'view_history', tenant: 't1', target: { kind: 'user' } },
    { actor: withToJson, action: 'view_history', tenant: 't1', target: { kind: 'user' } },
    { actor: bare, action: 'invite_users', tenant: 't1' },
    { actor: holes, action: 'invite_users', tenant: 't1' },
    { actor: { ...manager, id: new String('u1') }, action: 'remove_user', tenant: 't1', target: { kind: 'user', id: 'u1' } },
    { actor: manager, action: 'invite_users', tenant: 't1', extra: () => 1 },
    { actor: { ...manager, access: { roles: ['manager'], account: { account_users: undefined } } }, action: 'list_users' },
    { actor: manager, action: 'list_users', target: null },
  ];
  for (const request of requests) {
    const expected = viaJson.decide(JSON.parse(JSON.stringify(request)));
    assert.deepStrictEqual(core.decide(request), expected, JSON.stringify(request));
  }
});

test('a getter that throws gets the TypeError of the JSON path both ways, in decide and decideMany', () => {
  class Tricky {
    get toJSON() {
      throw new Error('toJSON getter');
    }
  }
  const throwingId = { kind: 'user', get id() { throw new Error('id getter'); } };
  const throwingToJson = Object.assign(new Tricky(), { kind: 'owner' });
  for (const actor of [throwingId, throwingToJson]) {
    for (const c of [core, viaJson]) {
      assert.throws(() => c.decide({ actor, action: 'list_users' }), TypeError);
      assert.throws(() => c.decideMany(actor, [{ action: 'list_users' }]), TypeError);
    }
    assert.throws(() => core.decideMany({ kind: 'owner' }, [{ action: 'list_users', target: actor }]), TypeError);
  }
  assert.deepStrictEqual(core.decide({ actor: { kind: 'owner' }, action: 'list_users' }), { allowed: true });
});

test('after the memory grows, decide and decideMany write into the new heap, not the detached one', async () => {
  // The wrapper keeps the module's heap views and reads them again once growth detaches them.
  const { default: createRaw } = await import(pathToFileURL(path.join(moduleDir, 'pcusers-core-raw.js')).href);
  const { bindCore } = await import(pathToFileURL(path.join(moduleDir, 'api.js')).href);
  const raw = await createRaw({ wasmBinary: fs.readFileSync(path.join(moduleDir, 'pcusers-core-raw.wasm')) });
  const grown = bindCore(raw);
  const actor = { kind: 'user', id: 'u1', tenant: 't1', access: { roles: ['manager'] } };
  const checks = [{ action: 'invite_users', tenant: 't1' }, { action: 'list_users', tenant: 't1' }];
  const expected = checks.map((check) => viaJson.decide({ ...check, actor }));
  assert.deepStrictEqual(checks.map((check) => grown.decide({ ...check, actor })), expected);
  for (const megabytes of [32, 96]) {
    const old = raw.HEAPU8;
    raw._malloc(megabytes << 20);
    assert.equal(old.length, 0, 'the old heap view is detached');
    assert.deepStrictEqual(checks.map((check) => grown.decide({ ...check, actor })), expected);
    assert.deepStrictEqual(grown.decideMany(actor, checks), expected);
  }
});
