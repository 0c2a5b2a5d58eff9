#include "session.hpp"

namespace session {
namespace {

State now = State::unknown;
Me who;
api::Call who_call;

const api::json& object_at(const api::json& j, std::initializer_list<const char*> keys) {
  static const api::json empty = api::json::object();
  for (const char* k : keys)
    if (j.is_object() && j.contains(k) && j[k].is_object()) return j[k];
  return empty;
}

std::string text_at(const api::json& j, std::initializer_list<const char*> keys) {
  for (const char* k : keys)
    if (j.is_object() && j.contains(k) && j[k].is_string()) return j[k].get<std::string>();
  return {};
}

bool flag_at(const api::json& j, std::initializer_list<const char*> keys) {
  for (const char* k : keys)
    if (j.is_object() && j.contains(k) && j[k].is_boolean()) return j[k].get<bool>();
  return false;
}

void read_permissions(const api::json& e, Me& m) {
  if (e.contains("roles") && e["roles"].is_array())
    for (const auto& r : e["roles"])
      if (r.is_string())
        if (auto role = pcu::role_from_name(r.get<std::string>())) m.roles.add(*role);
  if (e.contains("account") && e["account"].is_object())
    for (const auto& [area, level] : e["account"].items())
      if (auto a = pcu::account_area_from_name(area); a && level.is_string())
        if (auto l = pcu::level_from_name(level.get<std::string>())) m.account[static_cast<std::size_t>(*a)] = *l;
}

}  // namespace

std::string Me::display_name() const {
  std::string n = first_name;
  if (!last_name.empty()) n += (n.empty() ? "" : " ") + last_name;
  return n.empty() ? username : n;
}

State state() { return now; }
const Me& me() { return who; }
api::Call& call() { return who_call; }

void check() {
  now = State::checking;
  api::send(
      who_call, "GET", "/session", nullptr, [](const api::Answer& a) { take(a.body); },
      {}, [](const api::Answer&) { forget(); });
}

void take(const api::json& answer) {
  Me m;
  const api::json& user = object_at(answer, {"user"});
  m.id = text_at(user, {"id"});
  m.first_name = text_at(user, {"first_name"});
  m.last_name = text_at(user, {"last_name"});
  m.username = text_at(user, {"username"});
  m.owner = text_at(answer, {"kind"}) == "owner";
  m.global_admin = flag_at(user, {"global_admin"});
  m.must_change_password = flag_at(answer, {"must_change_password"});
  m.type = text_at(user, {"type"}) == "guest" ? pcu::UserType::guest : pcu::UserType::member;
  m.tenant = text_at(answer, {"acting_tenant"});
  read_permissions(object_at(answer, {"permissions"}), m);
  if (answer.contains("allowed_actions") && answer["allowed_actions"].is_array())
    for (const auto& a : answer["allowed_actions"])
      if (a.is_string())
        if (auto action = pcu::action_from_name(a.get<std::string>())) m.allowed[static_cast<std::size_t>(*action)] = true;
  const std::string csrf = text_at(answer, {"csrf_token"});
  if (m.id.empty() && m.username.empty()) {
    forget();
    return;
  }
  if (!csrf.empty()) api::set_csrf_token(csrf);
  who = std::move(m);
  now = State::signed_in;
}

void forget() {
  who = {};
  api::set_csrf_token({});
  now = State::signed_out;
}

bool may(pcu::Action action) { return who.allowed[static_cast<std::size_t>(action)]; }
bool can_view_users() { return may(pcu::Action::list_users); }
bool can_change_users() { return may(pcu::Action::add_existing_users); }
bool can_change_directory() { return may(pcu::Action::create_user); }
bool can_view_audit() { return who.owner || who.roles.has(pcu::Role::manager); }

}  // namespace session
