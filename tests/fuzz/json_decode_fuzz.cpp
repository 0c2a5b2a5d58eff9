// libFuzzer target for pcu/json.hpp: pcu::decode<T> of any bytes, for every type the core
// decodes, never throws and keeps its invariants; whatever decodes then goes through decide()
// or its validator, whose answers must serialize. Built with exceptions on: an escaping
// exception ends the run (std::terminate), and a broken invariant traps, so the fuzzer keeps
// the input either way.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "pcu/pcu.hpp"

namespace {

void require(bool condition) {
  if (!condition) __builtin_trap();
}

// A tenant for the validators, with a little of everything they look up.
const pcu::TenantSnapshot& facts() {
  static const pcu::TenantSnapshot t = [] {
    pcu::TenantSnapshot s;
    s.verified_domains = {"example.org", "contoso.com"};
    s.usernames = {"jane@example.org", "john@example.org"};
    s.groups = {"g-dev", "Designers"};
    s.directory_users = {"u1", "u2", "u3"};
    s.account_users = {"u1"};
    s.account_emails = {"jane@example.org"};
    s.pending_invitations = {"bob@partner.com"};
    return s;
  }();
  return t;
}

// Every problem is answered to a person as JSON: it has a code and a message, and it
// serializes (dump() throws on text that is not UTF-8).
void check_problems(const pcu::Problems& problems) {
  for (const pcu::Problem& p : problems) require(!p.code.empty() && !p.message.empty());
  (void)pcu::problems_to_json(problems).dump();
}

template <typename T>
std::optional<T> decode_checked(std::string_view text) {
  pcu::Decoded<T> d = pcu::decode<T>(text);
  require(d.value.has_value() == d.problems.empty());
  check_problems(d.problems);
  return std::move(d.value);
}

// The nlohmann adapter agrees with read(): it throws DecodeError, with the same problems,
// exactly when read() finds any.
template <typename T>
void check_adapter(const pcu::json& j) {
  pcu::Problems problems;
  T value{};
  const bool ok = pcu::read(j, value, problems);
  bool threw = false;
  try {
    (void)j.get<T>();
  } catch (const pcu::DecodeError& e) {
    threw = true;
    require(e.problems == problems);
  }
  require(threw == !ok);
}

void check_access(const pcu::Access& access) {
  check_problems(pcu::validate_access(access));
  // Written and read again, an access means the same: the same document comes out.
  const pcu::json written = pcu::access_to_json(access);
  const auto again = pcu::decode<pcu::Access>(written.dump());
  require(again.value.has_value() && pcu::access_to_json(*again.value) == written);
  for (std::size_t i = 0; i < pcu::product_permission_count; ++i)
    (void)pcu::shown_all_products_level(access, static_cast<pcu::ProductPermission>(i));
}

void check_decision(const pcu::DecisionRequest& request) {
  const pcu::Decision d = pcu::decide(request);
  require(d.allowed == d.code.empty() && d.allowed == d.message.empty());
  (void)pcu::decision_to_json(d).dump();
  (void)pcu::effective_to_json(pcu::effective_permissions(request.actor)).dump();
}

void check_invite(const pcu::InviteRequest& request, const pcu::TenantFacts& tenant) {
  const pcu::InviteValidation v = pcu::validate_invite(request, tenant);
  require(v.ok() == (v.problems.empty() && !v.list.addresses.empty()));
  require(v.list.addresses.size() <= pcu::limits::max_invites);
  check_problems(v.problems);
  (void)pcu::invite_list_to_json(v.list, v.problems).dump();
}

void check_edit(const pcu::EditUserRequest& request) {
  pcu::Access manager;
  manager.roles.add(pcu::Role::manager);
  for (bool self : {false, true}) {
    const pcu::Problems problems = pcu::validate_edit_user(request, facts(), {self, "jane@example.org", manager});
    check_problems(problems);
    const bool nothing = !request.directory_change() && !request.access;
    require(nothing == (!problems.empty() && problems.front().code == "nothing_to_change"));
  }
}

// A decoded tenant answers the validators in place of the fixed one.
void check_tenant(const pcu::TenantSnapshot& tenant) {
  pcu::CreateUserRequest create;
  create.first_name = "Jane";
  create.last_name = "Doe";
  create.username = "jane@example.org";
  create.groups = {"g-dev"};
  create.access.roles.add(pcu::Role::developer);
  check_problems(pcu::validate_create_user(create, tenant));
  check_problems(pcu::validate_add_existing({{"u1", "u2"}, create.access}, tenant));
  check_invite({"jane@example.org, bob@partner.com", create.access}, tenant);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  if (auto r = decode_checked<pcu::DecisionRequest>(text)) check_decision(*r);
  if (auto r = decode_checked<pcu::CreateUserRequest>(text)) check_problems(pcu::validate_create_user(*r, facts()));
  if (auto r = decode_checked<pcu::InviteRequest>(text)) check_invite(*r, facts());
  if (auto r = decode_checked<pcu::AddExistingRequest>(text)) check_problems(pcu::validate_add_existing(*r, facts()));
  if (auto r = decode_checked<pcu::EditUserRequest>(text)) check_edit(*r);
  if (auto r = decode_checked<pcu::GroupRequest>(text)) check_problems(pcu::validate_group(*r, facts()));
  if (auto r = decode_checked<pcu::TenantSnapshot>(text)) check_tenant(*r);
  if (auto r = decode_checked<pcu::Access>(text)) check_access(*r);

  pcu::Problems problems;
  if (const auto j = pcu::parse_json(text, problems)) {
    check_adapter<pcu::DecisionRequest>(*j);
    check_adapter<pcu::CreateUserRequest>(*j);
    check_adapter<pcu::InviteRequest>(*j);
    check_adapter<pcu::AddExistingRequest>(*j);
    check_adapter<pcu::EditUserRequest>(*j);
    check_adapter<pcu::GroupRequest>(*j);
    check_adapter<pcu::TenantSnapshot>(*j);
    check_adapter<pcu::Access>(*j);
  }
  return 0;
}
