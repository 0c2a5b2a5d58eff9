// Google Benchmark figures for the core (issue 2): decide(), invite parsing, effective
// permissions. Run by ./scripts/bench; the figures go to docs/performance.md.
#include <benchmark/benchmark.h>

#include <pcu/pcu.hpp>

namespace {

pcu::Access custom_access(std::string_view product) {
  pcu::Access a;
  a.account[static_cast<std::size_t>(pcu::AccountArea::ad_campaigns)] = pcu::Level::read;
  pcu::ProductRow all{"*", {}};
  all.levels[static_cast<std::size_t>(pcu::ProductPermission::usage)] = pcu::Level::read;
  pcu::ProductRow one{std::string(product), {}};
  one.levels[static_cast<std::size_t>(pcu::ProductPermission::packages)] = pcu::Level::read_write;
  a.products = {all, one};
  return a;
}

// A user with three roles, two groups and custom permissions (the case).
pcu::DecisionRequest heavy_request() {
  pcu::DecisionRequest r;
  r.actor.kind = pcu::ActorKind::user;
  r.actor.id = "u1";
  r.actor.tenant = "t1";
  r.actor.global_admin = true;
  r.actor.access.roles = pcu::roles_of({pcu::Role::business_contributor, pcu::Role::finance_contributor,
                                        pcu::Role::marketer});
  r.actor.groups = {{"g1", custom_access("app-1")}, {"g2", custom_access("app-2")}};
  r.action = pcu::Action::store_create_package;
  r.tenant = "t1";
  r.product = "app-2";
  return r;
}

void BM_decide(benchmark::State& state) {
  const auto request = heavy_request();
  for (auto _ : state) benchmark::DoNotOptimize(pcu::decide(request));
}
BENCHMARK(BM_decide);

void BM_decide_invite(benchmark::State& state) {
  auto request = heavy_request();
  request.action = pcu::Action::invite_users;
  request.actor.access.roles.add(pcu::Role::manager);
  for (auto _ : state) benchmark::DoNotOptimize(pcu::decide(request));
}
BENCHMARK(BM_decide_invite);

void BM_parse_invite_list_10(benchmark::State& state) {
  const std::string text =
      "\"Doe, Jane\" <jane@example.com>; ann@example.org, bob@example.org; cy@example.net, "
      "dee@example.net; Eve Smith <eve@example.com>, fay@mail.example.org; gus@example.io, "
      "hal@example.io; ivy@example.co.uk";
  for (auto _ : state) benchmark::DoNotOptimize(pcu::parse_invite_list(text));
}
BENCHMARK(BM_parse_invite_list_10);

void BM_validate_invite_10(benchmark::State& state) {
  pcu::InviteRequest request{
      "\"Doe, Jane\" <jane@example.com>; ann@example.org, bob@example.org; cy@example.net, "
      "dee@example.net; Eve Smith <eve@example.com>, fay@mail.example.org; gus@example.io, "
      "hal@example.io; ivy@example.co.uk",
      {}};
  request.access.roles.add(pcu::Role::developer);
  pcu::TenantSnapshot tenant;
  tenant.pending_invitations = {"someone@example.com", "other@example.org"};
  for (auto _ : state) benchmark::DoNotOptimize(pcu::validate_invite(request, tenant));
}
BENCHMARK(BM_validate_invite_10);

void BM_effective_permissions_5_groups(benchmark::State& state) {
  pcu::Actor actor;
  actor.access = custom_access("app-0");
  for (int g = 1; g <= 5; ++g)
    actor.groups.push_back({"g" + std::to_string(g), custom_access("app-" + std::to_string(g))});
  for (auto _ : state) benchmark::DoNotOptimize(pcu::effective_permissions(actor));
}
BENCHMARK(BM_effective_permissions_5_groups);

}  // namespace

BENCHMARK_MAIN();
