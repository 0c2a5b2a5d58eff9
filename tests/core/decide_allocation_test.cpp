// decide() answers without allocating (STYLE.md 4, policy.hpp): this file replaces the global
// operator new/delete for the whole test binary, forwarding to malloc/free, and counts the
// allocations a thread makes while its `counting` flag is set.
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdlib>
#include <new>
#include <string>

#include "pcu/pcu.hpp"

namespace {
thread_local bool counting = false;
thread_local std::size_t allocations = 0;
}  // namespace

// Never inlined: GCC would otherwise see malloc()/free() meet operator new/delete in the
// standard allocators and warn (-Wmismatched-new-delete), though the pairs are ours and match.
[[gnu::noinline]] void* operator new(std::size_t size) {
  if (counting) ++allocations;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
[[gnu::noinline]] void* operator new[](std::size_t size) { return ::operator new(size); }
[[gnu::noinline]] void operator delete(void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete[](void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete(void* p, std::size_t) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
// The nothrow forms too (std::stable_sort's buffer uses them), so every delete meets a new of
// this file; under AddressSanitizer a mix would be an alloc-dealloc mismatch.
[[gnu::noinline]] void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  if (counting) ++allocations;
  return std::malloc(size == 0 ? 1 : size);
}
[[gnu::noinline]] void* operator new[](std::size_t size, const std::nothrow_t& tag) noexcept {
  return ::operator new(size, tag);
}
[[gnu::noinline]] void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }

namespace {

using pcu::Level;
using pcu::Role;
using P = pcu::ProductPermission;

// Long enough that a stray std::string copy could not hide in the small-string buffer.
const std::string product = "a-product-identifier-longer-than-any-small-string-buffer";
const std::string tenant = "tenant-identifier-longer-than-any-small-string-buffer";

pcu::ProductRow row(std::string key, P permission, Level level) {
  pcu::ProductRow r{std::move(key), {}};
  r.levels[static_cast<std::size_t>(permission)] = level;
  return r;
}

pcu::DecisionRequest busy_request() {
  pcu::DecisionRequest request;
  pcu::Actor& actor = request.actor;
  actor.kind = pcu::ActorKind::user;
  actor.id = "user-identifier-longer-than-any-small-string-buffer";
  actor.tenant = tenant;
  actor.global_admin = true;
  actor.access.roles = pcu::roles_of({Role::business_contributor, Role::finance_contributor, Role::marketer});
  actor.access.account[static_cast<std::size_t>(pcu::AccountArea::contact_info)] = Level::read;
  actor.access.products = {row("*", P::usage, Level::read), row(product, P::packages, Level::read)};
  pcu::Access g1;
  g1.account[static_cast<std::size_t>(pcu::AccountArea::account_users)] = Level::read;
  g1.products = {row(product, P::store_submission, Level::read_write),
                 row(product + "/add-ons", P::name_reservations, Level::read_write)};
  pcu::Access g2;
  g2.account[static_cast<std::size_t>(pcu::AccountArea::tax_profile)] = Level::read_write;
  g2.products = {row("*", P::customer_feedback, Level::read)};
  actor.groups = {{"group-one-identifier-longer-than-the-small-buffer", g1},
                  {"group-two-identifier-longer-than-the-small-buffer", g2}};
  request.tenant = tenant;
  request.product = product;
  pcu::Target target;
  target.id = "target-identifier-longer-than-any-small-string-buffer";
  target.tenant = tenant;
  target.access.roles = pcu::roles_of({Role::developer});
  request.target = target;
  return request;
}

// Decides every action for `request`, as is and for the add-on row, and returns the
// number of allocations made and the number of actions allowed.
std::pair<std::size_t, std::size_t> decide_all(pcu::DecisionRequest& request) {
  const std::string add_ons = product + "/add-ons";
  std::size_t allowed = 0;
  allocations = 0;
  counting = true;
  for (std::size_t i = 0; i < pcu::action_count; ++i) {
    request.action = static_cast<pcu::Action>(i);
    allowed += pcu::decide(request).allowed;
  }
  counting = false;
  request.product = add_ons;  // copied outside the counted region
  counting = true;
  for (std::size_t i = 0; i < pcu::action_count; ++i) {
    request.action = static_cast<pcu::Action>(i);
    allowed += pcu::decide(request).allowed;
  }
  counting = false;
  return {allocations, allowed};
}

void* volatile sink = nullptr;

// The counter sees an allocation at all, so a zero below means something.
std::size_t counted_probe() {
  allocations = 0;
  counting = true;
  sink = ::operator new(64);
  counting = false;
  ::operator delete(sink);
  return allocations;
}

// R-A2, R-A3, R-RP1, R-RP6: decide() for a user with roles, groups and custom permissions.
TEST(DecideAllocation, UserActorAllocatesNothing) {
  ASSERT_EQ(counted_probe(), 1U);
  pcu::DecisionRequest request = busy_request();
  const auto [count, allowed] = decide_all(request);
  EXPECT_EQ(count, 0U);
  EXPECT_GT(allowed, 0U);  // the loop did run decide() through its allowing paths
  EXPECT_LT(allowed, 2 * pcu::action_count);
}

// R-A2
TEST(DecideAllocation, OwnerActorAllocatesNothing) {
  ASSERT_EQ(counted_probe(), 1U);
  pcu::DecisionRequest request = busy_request();
  request.actor.kind = pcu::ActorKind::owner;
  const auto [count, allowed] = decide_all(request);
  EXPECT_EQ(count, 0U);
  EXPECT_EQ(allowed, 2 * pcu::action_count);
}

}  // namespace
