// Speed and size of the pcusers-core JS module in Node, next to the native figures of
// build/bench/pcu_core_bench for the same inputs. Prints a Markdown table for
// docs/performance.md ("JS module"). A benchmark, not a test: it asserts nothing on time.
//
//   node bench/module/bench.mjs
//   PCU_MODULE_DIR=build-web/web/module/pkg PCU_NATIVE_BENCH=build/bench/pcu_core_bench node bench/module/bench.mjs
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import zlib from 'node:zlib';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const moduleDir = path.resolve(process.env.PCU_MODULE_DIR ?? path.join(repoRoot, 'build-web/web/module/pkg'));
const nativeBench = path.resolve(process.env.PCU_NATIVE_BENCH ?? path.join(repoRoot, 'build/bench/pcu_core_bench'));
const rounds = Number(process.env.PCU_BENCH_ROUNDS ?? 30);

const { createPcuCore } = await import(pathToFileURL(path.join(moduleDir, 'node.js')).href);
const core = await createPcuCore();
const viaJson = await createPcuCore({ wire: false });

// ---- the inputs of bench/core_bench.cpp -----------------------------------------------

const custom = (product) => ({
  account: { ad_campaigns: 'read' },
  products: { '*': { usage: 'read' }, [product]: { packages: 'read_write' } },
});
// BM_decide: a user with three roles, two groups and custom permissions.
const heavy = {
  actor: {
    kind: 'user', id: 'u1', tenant: 't1', global_admin: true,
    access: { roles: ['business_contributor', 'finance_contributor', 'marketer'] },
    groups: [{ id: 'g1', access: custom('app-1') }, { id: 'g2', access: custom('app-2') }],
  },
  action: 'store_create_package', tenant: 't1', product: 'app-2',
};
const { actor: _, ...heavyCheck } = heavy;
// BM_decide_invite: the same user, also a Manager, inviting.
const invite = {
  ...heavy,
  action: 'invite_users',
  actor: { ...heavy.actor, access: { roles: [...heavy.actor.access.roles, 'manager'] } },
};
// A typical check of a console page: a Manager without groups.
const typical = {
  actor: { kind: 'user', id: 'u7', tenant: 't1', access: { roles: ['manager'] } },
  action: 'edit_access', tenant: 't1',
  target: { kind: 'user', id: 'u8', tenant: 't1', access: { roles: ['developer'] } },
};
// decideMany: the heavy actor with twenty checks of a page (actions, tenants, targets,
// products), reported per check.
const { actor: heavyActor } = heavy;
const pageChecks = ['store_create_package', 'store_associate_app', 'submit_app', 'view_usage_report', 'respond_feedback']
  .flatMap((action) => ['app-1', 'app-2'].map((product) => ({ action, tenant: 't1', product })))
  .concat(['list_users', 'invite_users', 'edit_access', 'remove_user', 'reset_password', 'view_history',
           'resend_invitation', 'add_existing_users', 'create_user', 'update_payout_account'].map((action) => ({
    action, tenant: 't1', target: { kind: 'user', id: 'u8', tenant: 't1', access: { roles: ['developer'] } } })));
// BM_parse_invite_list_10.
const tenAddresses =
  '"Doe, Jane" <jane@example.com>; ann@example.org, bob@example.org; cy@example.net, ' +
  'dee@example.net; Eve Smith <eve@example.com>, fay@mail.example.org; gus@example.io, ' +
  'hal@example.io; ivy@example.co.uk';

// ---- timing ---------------------------------------------------------------------------

// Wall and CPU time per call in ns over `rounds` batches of about 10 ms each, after 200 ms
// of warm-up: the best batch (the cost of the call itself; other processes on a shared
// machine only ever add time) and the median one.
function measure(fn) {
  const now = () => Number(process.hrtime.bigint());
  let calls = 0;
  const warmStart = now();
  while (now() - warmStart < 200e6) {
    for (let i = 0; i < 100; ++i) fn();
    calls += 100;
  }
  const batch = Math.max(1, Math.round(calls / 20));
  const wall = [], cpu = [];
  for (let r = 0; r < rounds; ++r) {
    const cpuStart = process.cpuUsage();
    const start = now();
    for (let i = 0; i < batch; ++i) fn();
    wall.push((now() - start) / batch);
    const used = process.cpuUsage(cpuStart);
    cpu.push(((used.user + used.system) * 1000) / batch);
  }
  const sorted = (xs) => xs.sort((a, b) => a - b);
  sorted(wall);
  sorted(cpu);
  return { best: wall[0], median: wall[wall.length >> 1], cpu: cpu[cpu.length >> 1] };
}

function native() {
  if (!fs.existsSync(nativeBench)) return {};
  const out = execFileSync(nativeBench, ['--benchmark_filter=decide|parse_invite', '--benchmark_format=json',
                                         '--benchmark_repetitions=10'], { encoding: 'utf8' });
  const figures = {};
  for (const b of JSON.parse(out).benchmarks) {
    if (b.run_type !== 'iteration') continue;
    const f = (figures[b.run_name] ??= { wall: [], cpu: [] });
    f.wall.push(b.real_time);
    f.cpu.push(b.cpu_time);
  }
  for (const f of Object.values(figures)) {
    f.wall.sort((a, b) => a - b);
    f.cpu.sort((a, b) => a - b);
    Object.assign(f, { best: f.wall[0], median: f.wall[f.wall.length >> 1], cpu: f.cpu[f.cpu.length >> 1] });
  }
  return figures;
}

// ---- sizes ----------------------------------------------------------------------------

function gzip9(file) {
  try {
    return execFileSync('gzip', ['-9c', file], { maxBuffer: 1 << 26 }).length;
  } catch {
    return zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
  }
}

// ---- report ---------------------------------------------------------------------------

const cases = [
  ['decide, user with 3 roles and 2 groups (BM_decide)', () => core.decide(heavy), () => viaJson.decide(heavy), 'BM_decide', 1000],
  ['decide, invite_users (BM_decide_invite)', () => core.decide(invite), () => viaJson.decide(invite), 'BM_decide_invite', 1000],
  ['decide, Manager edits a user\'s access', () => core.decide(typical), () => viaJson.decide(typical), null, 1000],
  ['decideMany, the same user, 20 checks of a page: per check', () => core.decideMany(heavyActor, pageChecks),
   () => viaJson.decideMany(heavyActor, pageChecks), null, 1000, pageChecks.length],
  ['decideMany, the same user, 1 check (BM_decide\'s)', () => core.decideMany(heavyActor, [heavyCheck]),
   () => viaJson.decideMany(heavyActor, [heavyCheck]), null, 1000],
  ['parseInviteList, ten addresses (BM_parse_invite_list_10)', () => core.parseInviteList(tenAddresses),
   () => viaJson.parseInviteList(tenAddresses), 'BM_parse_invite_list_10', 10000],
];

const nativeFigures = native();
const us = (ns) => (ns / 1000).toFixed(ns < 10_000 ? 2 : 1);
const cpuModel = (fs.readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/) ?? [])[1] ?? os.cpus()[0]?.model;

console.log(`Machine: ${os.cpus().length} CPUs (nproc), ${cpuModel}; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; Node ${process.version}`);
console.log(`Module: ${moduleDir}\n`);
console.log('Times per call in µs: best batch / median batch (wall); JSON only = the same call with {wire: false}.\n');
console.log('| call | target | module | module CPU (median) | JSON only | native | module / native (best) |');
console.log('|---|---|---|---|---|---|---|');
for (const [name, fast, slow, nativeName, targetNs, perCall = 1] of cases) {
  const per = (x) => ({ best: x.best / perCall, median: x.median / perCall, cpu: x.cpu / perCall });
  const m = per(measure(fast));
  const j = per(measure(slow));
  const n = nativeFigures[nativeName];
  const pair = (x) => `${us(x.best)} / ${us(x.median)}`;
  console.log(`| ${name} | ≤ ${us(targetNs)} | ${pair(m)} | ${us(m.cpu)} | ${pair(j)} | ${n ? pair(n) : '–'} | ` +
              `${n ? `${(m.best / n.best).toFixed(0)}×` : '–'} |`);
}

console.log('\n| file | bytes | gzip -9 | target (gzip) |');
console.log('|---|---|---|---|');
for (const [file, target] of [['pcusers-core-raw.wasm', '≤ 120 KB'], ['pcusers-core-raw.js', '≤ 30 KB'],
                              ['api.js', ''], ['index.js', ''], ['node.js', '']]) {
  const full = path.join(moduleDir, file);
  console.log(`| ${file} | ${fs.statSync(full).size} | ${gzip9(full)} | ${target} |`);
}
