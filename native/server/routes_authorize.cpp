// routes_authorize.cpp: may user U do action A (on product P, about user T)? For other
// services, with the core's reason. The caller needs the right to list account users
// (owner, Manager, or Account users read), since the answer reveals a user's access.
#include "http_app.hpp"

namespace pcu::server {

namespace {

inline constexpr std::size_t max_checks = 100;

struct Check {
  std::string user_id;
  pcu::Action action = pcu::Action::list_users;
  std::string product;
  std::string target_id;
};

void read_check(pcu::detail::Reader& r, const pcu::json& j, const std::string& path, Check& out) {
  if (!r.object(j, path, {"user_id", "action", "product", "target_id"})) return;
  const auto field = [&](std::string_view k) { return pcu::detail::join_path(path, k); };
  if (const auto* v = r.member(j, "user_id", path, true)) r.string(*v, field("user_id"), out.user_id, pcu::limits::id_max);
  if (const auto* v = r.member(j, "action", path, true))
    r.name(*v, field("action"), pcu::action_names, out.action, "unknown_action", "action");
  if (const auto* v = r.member(j, "product", path, false); v && !v->is_null())
    r.string(*v, field("product"), out.product, pcu::limits::product_id_max + pcu::add_ons_suffix.size());
  if (const auto* v = r.member(j, "target_id", path, false); v && !v->is_null())
    r.string(*v, field("target_id"), out.target_id, pcu::limits::id_max);
}

// Writes the answer to one check: the check echoed, `allowed`, and the code and message of a
// refusal. (Written directly: this is the route other services call on every action.)
void answer(Call& c, const Check& check, JsonWriter& w) {
  w.begin_object();
  w.key("user_id").value(check.user_id);
  w.key("action").value(pcu::name_of(check.action));
  if (!check.product.empty()) w.key("product").value(check.product);
  if (!check.target_id.empty()) w.key("target_id").value(check.target_id);
  const auto finish = [&](bool allowed, std::string_view code = {}, std::string_view message = {}) {
    w.key("allowed").value(allowed);
    if (!allowed) w.key("code").value(code).key("message").value(message);
    w.end_object();
  };
  const auto user = c.store().user(check.user_id);
  if (!user || !user->account) return finish(false, "unknown_user", "The user is not an account user.");
  if (const auto may = pcu::may_sign_in(user->account->status); !may.allowed)
    return finish(false, may.code, may.message);
  pcu::DecisionRequest request;
  request.actor = actor_of(c.store(), *user);
  request.action = check.action;
  request.tenant = user->directory.tenant_id;  // a user acts in its own tenant (R-A5)
  request.product = check.product;
  if (!check.target_id.empty()) {
    const auto target = c.store().user(check.target_id);
    if (!target || !target->account) return finish(false, "unknown_target", "The target is not an account user.");
    request.target = target_of(*target);
  }
  const auto decision = pcu::decide(request);
  finish(decision.allowed, decision.code, decision.message);
}

void authorize(Call& c) {
  c.require(pcu::Action::list_users);
  const pcu::json body = c.json_body();
  pcu::Problems problems;
  pcu::detail::Reader r{problems};
  if (body.is_object() && body.contains("checks")) {
    std::vector<Check> checks;
    if (r.object(body, "", {"checks"})) {
      const auto& list = body["checks"];
      if (!list.is_array()) r.fail("checks", "wrong_type", "Expected an array of checks.");
      else if (list.empty() || list.size() > max_checks)
        r.fail("checks", "too_many_items", "Send 1 to " + std::to_string(max_checks) + " checks.");
      else
        for (std::size_t i = 0; i < list.size(); ++i) {
          Check check;
          read_check(r, list[i], pcu::detail::index_path("checks", i), check);
          checks.push_back(std::move(check));
        }
    }
    if (!problems.empty()) throw_problems(std::move(problems));
    std::string out;
    JsonWriter w(out);
    w.begin_object().key("results").begin_array();
    for (const auto& check : checks) answer(c, check, w);
    w.end_array().end_object();
    c.reply_text(200, std::move(out));
    return;
  }
  Check check;
  read_check(r, body, "", check);
  if (!problems.empty()) throw_problems(std::move(problems));
  std::string out;
  JsonWriter w(out);
  answer(c, check, w);
  c.reply_text(200, std::move(out));
}

}  // namespace

void add_authorize_routes(RouteTable& t) {
  t.push_back({"POST", "/api/v1/authorize", Auth::session, false, authorize});
}

}  // namespace pcu::server
