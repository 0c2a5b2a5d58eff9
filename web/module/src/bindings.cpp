// web/module/src/bindings.cpp: Embind bindings of the core for the `pcusers-core` package.
// The wrapper (js/api.js) writes each argument as UTF-8 into one input area, then calls a
// function with the lengths. Answers are JSON text (json_api.hpp, catalog.hpp), or the byte
// form of wire.hpp for decide() and parse_invite_list(), the calls made per keystroke or row.
#include <emscripten/bind.h>
#include <emscripten/em_macros.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "catalog.hpp"
#include "json_api.hpp"
#include "wire.hpp"

namespace {

using pcu::json;

std::vector<char> input_area(1U << 16U);

// The address of an input area of at least `size` bytes (it may move when it grows).
std::uintptr_t input(std::size_t size) {
  if (input_area.size() < size) input_area.resize(size);
  return reinterpret_cast<std::uintptr_t>(input_area.data());
}
std::string_view argument(std::size_t offset, std::size_t length) {
  if (offset > input_area.size() || length > input_area.size() - offset) return {};
  return {input_area.data() + offset, length};
}

// Items echo user input, which may hold bytes that are not UTF-8; dump() would refuse them
// (and, without exceptions, abort). Replace them instead.
std::string text_of(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

template <json (*F)(std::string_view)>
std::string one(std::size_t length) {
  return text_of(F(argument(0, length)));
}
template <json (*F)(std::string_view, std::string_view)>
std::string two(std::size_t first, std::size_t second) {
  return text_of(F(argument(0, first), argument(first, second)));
}
template <json (*F)()>
std::string none() {
  return text_of(F());
}

// What the wrapper must know to write the byte form and to cut oversized input short
// without changing the answer: limits and every identifier, in the core's order.
std::string wire_facts() {
  namespace l = pcu::limits;
  const auto names = [](const auto& array) { return json(std::vector<std::string_view>(array.begin(), array.end())); };
  return text_of({{"invite_text_max", l::invite_text_max},
                  {"json_max", l::json_max},
                  {"id_max", l::id_max},
                  {"product_max", l::product_id_max + pcu::add_ons_suffix.size()},
                  {"groups_max", l::max_groups_per_user},
                  {"product_rows_max", l::max_product_rows},
                  {"roles_max", pcu::role_count * 2},
                  {"actions", names(pcu::action_names)},
                  {"actor_kinds", names(pcu::actor_kind_names)},
                  {"user_types", names(pcu::user_type_names)},
                  {"roles", names(pcu::role_names)},
                  {"levels", names(pcu::level_names)},
                  {"account_areas", names(pcu::account_area_names)},
                  {"product_permissions", names(pcu::product_permission_names)}});
}

// One answer of decide() on the byte form: {0, 0, 0, 0} when allowed, else {code, length,
// message, length}, addresses of the core's static strings (so the wrapper caches their text).
void put_decision(const pcu::Decision& d, std::uint32_t* answer) {
  const auto address = [](std::string_view s) { return static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(s.data())); };
  answer[0] = d.allowed ? 0 : address(d.code);
  answer[1] = d.allowed ? 0 : static_cast<std::uint32_t>(d.code.size());
  answer[2] = d.allowed ? 0 : address(d.message);
  answer[3] = d.allowed ? 0 : static_cast<std::uint32_t>(d.message.size());
}

pcu::DecisionRequest request;  // reused call after call: no allocation once warm

// decide() on the byte form: 0 when allowed, else the address of its answer (put_decision),
// or 1 when the bytes are not a request (the wrapper then asks through JSON).
std::uintptr_t decide_wire(std::size_t length) {
  static std::uint32_t answer[4];
  if (!pcu::wire::read_request(argument(0, length), request)) return 1;
  const pcu::Decision d = pcu::decide(request);
  if (d.allowed) return 0;
  put_decision(d, answer);
  return reinterpret_cast<std::uintptr_t>(answer);
}

// decideMany() on the byte form: one actor of `actor_length` bytes, then `count` checks up
// to `length`; the address of `count` answers (put_decision), or 1 when the bytes are not
// such a batch.
std::uintptr_t decide_many_wire(std::size_t actor_length, std::size_t length, std::size_t count) {
  static std::vector<std::uint32_t> answers;
  pcu::wire::Reader r = pcu::wire::reader_of(argument(0, length));
  pcu::wire::read_actor(r, request.actor);
  if (!r.ok || r.at != reinterpret_cast<const unsigned char*>(input_area.data() + actor_length)) return 1;
  answers.resize(count * 4);
  for (std::size_t i = 0; i < count; ++i) {
    pcu::wire::read_check(r, request);
    if (!r.ok) return 1;
    put_decision(pcu::decide(request), answers.data() + i * 4);
  }
  if (r.at != r.end) return 1;
  return reinterpret_cast<std::uintptr_t>(answers.data());
}

// parse_invite_list() answered in the byte form; the address of the answer.
std::uintptr_t parse_invite_list_wire(std::size_t length) {
  static std::string answer;
  pcu::wire::write_invite_list(pcu::parse_invite_list(argument(0, length)), answer);
  return reinterpret_cast<std::uintptr_t>(answer.data());
}

}  // namespace

// decide_wire and decide_many_wire as plain wasm exports, not Embind functions: the wrapper
// calls them per decision, and a direct call skips Embind's invoker (argument count check
// and conversions, about 30 ns of a call that should take under 1 us in all).
extern "C" {
EMSCRIPTEN_KEEPALIVE std::uintptr_t pcu_decide_wire(std::size_t length) { return decide_wire(length); }
EMSCRIPTEN_KEEPALIVE std::uintptr_t pcu_decide_many_wire(std::size_t actor_length, std::size_t length,
                                                         std::size_t count) {
  return decide_many_wire(actor_length, length, count);
}
}

EMSCRIPTEN_BINDINGS(pcusers_core) {
  namespace api = pcu::module_api;
  using emscripten::function;
  function("input", &input);
  function("wireFacts", &wire_facts);
  function("parseInviteList", &one<api::parse_invite_list>);
  function("validateEmail", &one<api::validate_email>);
  function("validateCreateUser", &two<api::validate_create_user>);
  function("validateAccess", &one<api::validate_access>);
  function("validatePassword", &one<api::validate_password>);
  function("effectivePermissions", &one<api::effective_permissions>);
  function("decide", &one<api::decide>);
  function("listRoles", &none<api::list_roles>);
  function("listPermissionAreas", &none<api::list_permission_areas>);
  function("parseInviteListWire", &parse_invite_list_wire);
}
