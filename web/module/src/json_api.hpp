// web/module/src/json_api.hpp: the core's functions as JSON documents in and out, the one
// surface of the JS module. The Embind bindings and the native vectors test both call these,
// so the module and native code give the same answer by construction (tests/vectors).
// Decoding uses pcu::decode/pcu::read and never throws: bad input becomes problems.
#pragma once

#include <string>
#include <string_view>

#include <pcu/pcu.hpp>

namespace pcu::module_api {

// {"ok": bool, "problems": [...]}: the envelope of every validator's answer.
inline json checked(const Problems& problems) {
  return {{"ok", problems.empty()}, {"problems", problems_to_json(problems)}};
}

// R-UM7: {"ok", "addresses", "problems"}, as the server and the CLI answer.
inline json parse_invite_list(std::string_view text) {
  const InviteList list = pcu::parse_invite_list(text);
  return invite_list_to_json(list, list.problems);
}

// One address: {"ok": true, "address": normalized, "problems": []} or the problem found.
inline json validate_email(std::string_view address) {
  const EmailCheck check = check_email(address);
  if (check.ok) return {{"ok", true}, {"address", check.normalized}, {"problems", json::array()}};
  return checked({Problem{"address", std::string(address), 0, std::string(check.code), std::string(check.message)}});
}

// R-UM3..R-UM5: a create-user request checked against what the acting tenant holds.
inline json validate_create_user(std::string_view request_text, std::string_view tenant_text) {
  auto request = decode<CreateUserRequest>(request_text);
  auto tenant = decode<TenantSnapshot>(tenant_text, limits::tenant_json_max);
  if (!request.value || !tenant.value) {
    append(request.problems, std::move(tenant.problems));
    return checked(request.problems);
  }
  return checked(pcu::validate_create_user(*request.value, *tenant.value));
}

// R-UM2, R-RP2..R-RP4.
inline json validate_access(std::string_view access_text) {
  auto access = decode<Access>(access_text);
  if (!access.value) return checked(access.problems);
  return checked(pcu::validate_access(*access.value));
}

// R-PW1.
inline json validate_password(std::string_view password) { return checked(pcu::validate_password(password)); }

// R-RP5, R-RP6: {"ok", "problems", "permissions"}. As `pcu permissions` reads its input: an
// actor names its kind or groups; anything else is one access, which must be valid.
inline json effective_permissions(std::string_view text) {
  Problems problems;
  const auto document = parse_json(text, problems);
  if (!document) return checked(problems);
  Actor actor;
  if (!pcu::read_permissions_subject(*document, actor, problems)) return checked(problems);
  json answer = checked(problems);
  answer["permissions"] = effective_to_json(pcu::effective_permissions(actor));
  return answer;
}

// R-A2..R-A6, R-UM10, R-UM11, R-UM13..R-UM16: {"allowed": true} or the reason.
inline json decide(std::string_view request_text) {
  const auto request = decode<DecisionRequest>(request_text);
  if (!request.value) return invalid_decision_to_json(request.problems);
  return decision_to_json(pcu::decide(*request.value));
}

}  // namespace pcu::module_api
