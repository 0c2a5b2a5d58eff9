// http_app.cpp: the route table on cpp-httplib, the request boundary (authentication, CSRF,
// must-change-password, transaction, error mapping) and the JSON shapes routes share.
//
// Sections: route table · request boundary · Call · errors · shared JSON shapes
#include "http_app.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>

#include "mail_message.hpp"
#include "openapi_document.hpp"
#include "security_headers.hpp"
#include "session.hpp"

namespace pcu::server {

// ---- route table ----------------------------------------------------------------------

namespace {
void add_document_routes(RouteTable& t) {
  t.push_back({"GET", "/api/v1/health", Auth::none, false, [](Call& c) {
                 c.res.set_content(R"({"status":"ok"})", "application/json");
               }});
  t.push_back({"GET", "/api/v1/openapi.json", Auth::none, false, [](Call& c) {
                 c.res.set_content(std::string(openapi_document), "application/json");
               }});
}

// "/api/v1/users/{id}/history" -> "/api/v1/users/([^/]+)/history"
std::string path_regex(const std::string& path) {
  std::string out;
  for (std::size_t i = 0; i < path.size(); ++i) {
    const char c = path[i];
    if (c == '{') {
      i = path.find('}', i);
      out += "([^/]+)";
    } else if (c == '.') {
      out += "\\.";
    } else {
      out += c;
    }
  }
  return out;
}
}  // namespace

RouteTable all_routes() {
  RouteTable t;
  add_document_routes(t);
  add_session_routes(t);
  add_tenant_routes(t);
  add_directory_routes(t);
  add_user_routes(t);
  add_invitation_routes(t);
  add_group_routes(t);
  add_product_routes(t);
  add_history_routes(t);
  add_audit_routes(t);
  add_authorize_routes(t);
  return t;
}

// ---- request boundary -----------------------------------------------------------------

namespace {
void write_error(httplib::Response& res, const ApiError& e) {
  res.status = e.status;
  res.set_content(error_json(e).dump(), "application/json");
}

// R-UM16: no change takes away the caller's own right to manage account users, whether it
// holds it by its own access or through a group: leaving the group, or the group's new
// access, counts as taking it away. Checked after the route's writes, inside its transaction,
// so a refusal changes nothing.
void keep_own_user_management(Call& call) {
  if (!call.caller || !pcu::manages_users(call.caller->actor)) return;
  const auto now = call.store().user(call.caller->user.directory.id);
  if (now && now->account && pcu::manages_users(actor_of(call.store(), *now))) return;
  reject_problems({{"", "", 0, "self_lockout",
                    "You cannot take away your own Manager role or Account users read/write, "
                    "by your own access or through your groups."}});
}

void handle(App& app, const Route& route, const httplib::Request& req, httplib::Response& res) {
  Call call{app, req, res, 0, std::nullopt, false};
  try {
    call.now = app.clock.now();
    const auto run = [&] {
      if (route.auth != Auth::none) {
        call.caller = authenticate(call);
        if (!call.caller)
          throw ApiError(401, "unauthenticated", "Sign in first: there is no session or it has ended.");
        if (route.method != "GET") check_csrf(call);
        // R-UM6: after a temporary password, the session may only change it (or sign out).
        if (route.auth != Auth::session_any && call.me().user.directory.must_change_password)
          throw ApiError(403, "password_change_required", "Change your temporary password first.");
      }
      if (route.writes) app.store.transaction([&] {
        route.handler(call);
        keep_own_user_management(call);
      });
      else route.handler(call);
    };
    // A route that only reads answers from one snapshot: the session, the caller and the
    // answer agree with each other, and the store starts one read transaction, not one a query.
    if (route.writes) run();
    else app.store.read(run);
    if (call.mail_enqueued && app.outbox) app.outbox->wake();
  } catch (const ApiError& e) {
    write_error(res, e);
  } catch (const StoreConflict& e) {
    // A race lost between the validators' reads and the write (e.g. the same username twice).
    spdlog::warn("{} {}: conflict: {}", req.method, req.path, e.what());
    write_error(res, ApiError(409, "conflict", "The request conflicts with a change made at the same time; retry."));
  } catch (const std::exception& e) {
    spdlog::error("{} {}: {}", req.method, req.path, e.what());
    write_error(res, ApiError(500, "internal_error", "The server failed; the request changed nothing."));
  }
}
}  // namespace

void mount(httplib::Server& server, App& app, const RouteTable& routes) {
  for (const auto& route : routes) {
    const auto pattern = path_regex(route.path);
    httplib::Server::Handler h = [&app, &route](const httplib::Request& req, httplib::Response& res) {
      handle(app, route, req, res);
    };
    if (route.method == "GET") server.Get(pattern, h);
    else if (route.method == "POST") server.Post(pattern, h);
    else if (route.method == "PUT") server.Put(pattern, h);
    else if (route.method == "PATCH") server.Patch(pattern, h);
    else if (route.method == "DELETE") server.Delete(pattern, h);
  }
  if (!app.options.static_dir.empty() && !server.set_mount_point("/", app.options.static_dir))
    spdlog::warn("static directory {} not found; serving the API only", app.options.static_dir);
  // Failures cpp-httplib answers itself (no route, body over the limit) get the error shape too.
  server.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    if (res.status == 413)
      write_error(res, ApiError(413, "body_too_large", "The request body is larger than the server accepts."));
    else if (res.status == 414)
      write_error(res, ApiError(414, "uri_too_long", "The request's address is longer than the server accepts."));
    else if (res.status == 400 && headers_unread(req))
      write_error(res, ApiError(431, "headers_too_large", "A request header line is longer than the server accepts."));
    else if (res.status == 404)
      write_error(res, ApiError(404, "not_found", "There is nothing at this address."));
    else if (res.status == 400)
      write_error(res, ApiError(400, "bad_request", "The request is not valid HTTP."));
    else
      write_error(res, ApiError(res.status, "http_error", "The request failed."));
    return httplib::Server::HandlerResponse::Handled;
  }));
  server.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      spdlog::error("{} {}: {}", req.method, req.path, e.what());
    } catch (...) {
      spdlog::error("{} {}: unknown exception", req.method, req.path);
    }
    write_error(res, ApiError(500, "internal_error", "The server failed; the request changed nothing."));
  });
}

// ---- Call -----------------------------------------------------------------------------

void Call::reply(int status, const pcu::json& body) {
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

void Call::reply_text(int status, std::string body) {
  res.status = status;
  res.set_content(std::move(body), "application/json");
}

pcu::DecisionRequest Call::decision(pcu::Action action, const UserRecord* target, std::string product) const {
  pcu::DecisionRequest r;
  r.actor = me().actor;
  r.action = action;
  r.tenant = me().acting_tenant;
  if (target) r.target = target_of(*target);
  r.product = std::move(product);
  return r;
}

void Call::require(pcu::Action action, const UserRecord* target) const {
  server::require(pcu::decide(decision(action, target)));
}

pcu::json Call::json_body() const {
  if (req.body.empty()) return pcu::json::object();
  pcu::Problems problems;
  auto j = pcu::parse_json(req.body, problems);
  if (!j) throw_problems(std::move(problems));
  return std::move(*j);
}

void Call::expect_no_members() const { read_string_fields(json_body(), std::initializer_list<StringField>{}); }

UserRecord Call::account_user(const std::string& id) {
  auto u = store().user(id);
  if (!u || !u->account) throw not_found("The account user");
  return std::move(*u);
}

void Call::audit(std::string_view action, const std::string& target_id, const pcu::json& before,
                 const pcu::json& after) {
  audit_text(action, target_id, before.dump(), after.dump());
}

void Call::audit_text(std::string_view action, const std::string& target_id, std::string before, std::string after) {
  store().append_audit({0, now, caller ? caller->user.directory.id : std::string(), std::string(action), target_id,
                        std::move(before), std::move(after)});
}

std::string Call::send_mail(OutboxMessage message) {
  message.created_at = now;
  message.message_id = new_message_id(app.options.mail_from);
  store().enqueue_mail(message);
  mail_enqueued = true;
  return message.message_id;
}

// ---- errors ---------------------------------------------------------------------------

void throw_problems(pcu::Problems problems) {
  static constexpr std::string_view shape_codes[] = {"invalid_json", "document_too_deep", "wrong_type",
                                                     "unknown_field", "missing_field"};
  for (const auto& p : problems) {
    if (p.code == "document_too_large") throw ApiError(413, "body_too_large", p.message, p.field, problems);
    for (auto code : shape_codes)
      if (p.code == code) {
        std::string message = p.message;
        std::string field = p.field;
        throw ApiError(400, p.code, std::move(message), std::move(field), std::move(problems));
      }
  }
  reject_problems(std::move(problems));
  throw ApiError(400, "invalid_request", "The request is not valid.");
}

void reject_problems(pcu::Problems problems) {
  if (problems.empty()) return;
  // Read the first problem before the list is moved into the error.
  std::string field = problems.front().field;
  std::string message = problems.size() == 1
                            ? problems.front().message
                            : std::to_string(problems.size()) + " problems: " + problems.front().message;
  throw ApiError(422, "validation_failed", std::move(message), std::move(field), std::move(problems));
}

std::vector<std::string> read_string_fields(const pcu::json& body, std::initializer_list<StringField> fields) {
  pcu::Problems problems;
  pcu::detail::Reader r{problems};
  std::vector<std::string> out(fields.size());
  std::vector<std::string_view> names;
  for (const auto& f : fields) names.push_back(f.name);
  if (!body.is_object()) {
    r.fail("", "wrong_type", "Expected an object, found " + std::string(body.type_name()) + ".");
  } else {
    for (const auto& [key, value] : body.items())
      if (std::find(names.begin(), names.end(), key) == names.end())
        r.fail(key, "unknown_field", "Unknown field \"" + key + "\".", key);
    std::size_t i = 0;
    for (const auto& f : fields) {
      if (const pcu::json* v = r.member(body, f.name, "", f.required)) r.string(*v, std::string(f.name), out[i], f.max);
      ++i;
    }
  }
  if (!problems.empty()) throw_problems(std::move(problems));
  return out;
}

pcu::json error_json(const ApiError& e) {
  pcu::json error = {{"code", e.code}, {"message", e.what()}};
  if (!e.field.empty()) error["field"] = e.field;
  if (!e.items.empty()) error["items"] = pcu::problems_to_json(e.items);
  return {{"error", std::move(error)}};
}

// ---- shared JSON shapes ---------------------------------------------------------------

pcu::Actor actor_of(Store& store, const UserRecord& user) {
  pcu::Actor a;
  a.kind = user.account && user.account->owner ? pcu::ActorKind::owner : pcu::ActorKind::user;
  a.id = user.directory.id;
  a.tenant = user.directory.tenant_id;
  a.type = user.directory.type;
  a.global_admin = user.directory.global_admin;
  if (user.account) a.access = user.account->access;
  a.groups = user.group_access ? *user.group_access : store.group_access_of(user.directory.id);
  return a;
}

pcu::Target target_of(const UserRecord& user) {
  pcu::Target t;
  t.kind = user.account && user.account->owner ? pcu::ActorKind::owner : pcu::ActorKind::user;
  t.id = user.directory.id;
  t.tenant = user.directory.tenant_id;
  t.type = user.directory.type;
  if (user.account) t.access = user.account->access;
  return t;
}

void write_user_row(JsonWriter& w, const UserListRow& r) {
  w.begin_object();
  w.key("id").value(r.id);
  w.key("tenant").value(r.tenant_id);
  w.key("first_name").value(r.first_name);
  w.key("last_name").value(r.last_name);
  w.key("username").value(r.username);
  w.key("type").value(r.type);
  w.key("global_admin").value(r.global_admin);
  if (r.account_user) {
    w.key("kind").value(r.owner ? "owner" : "user");
    w.key("status").value(r.status);
    w.key("access").raw(r.access_json);
    w.key("last_activity");
    if (r.last_activity) w.value(*r.last_activity);
    else w.null();
    w.key("version").value(r.version);
  }
  w.end_object();
}

void write_user_summary(JsonWriter& w, const UserRecord& u) {
  std::string access;
  if (const auto& a = u.account)
    access = a->access_text.empty() ? pcu::access_to_json(a->access).dump() : a->access_text;
  write_user_row(w, list_row_of(u, access));
}

pcu::json user_summary_json(const UserRecord& u) {
  std::string text;
  JsonWriter w(text);
  write_user_summary(w, u);
  return pcu::json::parse(text);
}

pcu::json user_json(const UserRecord& u) {
  pcu::json j = user_summary_json(u);
  j["recovery_email"] = u.directory.recovery_email;
  j["groups"] = u.group_ids;
  j["must_change_password"] = u.directory.must_change_password;
  if (u.account) j["added_at"] = u.account->added_at;
  return j;
}

std::optional<std::int64_t> parse_int(const std::string& text) {
  std::int64_t v = 0;
  const auto* end = text.data() + text.size();
  const auto [p, ec] = std::from_chars(text.data(), end, v);
  if (ec != std::errc() || p != end || text.empty()) return std::nullopt;
  return v;
}

std::vector<std::string> group_ids_of(Call& call, const std::string& tenant, const std::vector<std::string>& keys,
                                      const std::string& field) {
  std::vector<std::string> ids;
  pcu::Problems problems;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const auto id = call.store().group_id_in_tenant(tenant, keys[i]);
    if (!id) continue;
    if (std::find(ids.begin(), ids.end(), *id) != ids.end())
      problems.push_back({field, keys[i], i + 1, "duplicate_group",
                          pcu::detail::quoted(keys[i]) + " names a group already named in this list."});
    else
      ids.push_back(*id);
  }
  reject_problems(std::move(problems));
  return ids;
}

std::string search_param(const Call& call) {
  std::string search = call.query("search");
  if (search.size() > 256) throw ApiError(400, "invalid_parameter", "search is at most 256 characters.", "search");
  if (pcu::detail::scan_utf8(search).has_control)
    throw ApiError(400, "invalid_parameter", "search cannot hold control characters.", "search");
  return search;
}

std::size_t page_limit(const Call& call, std::size_t fallback, std::size_t max) {
  const auto text = call.query("limit");
  if (text.empty()) return fallback;
  const auto v = parse_int(text);
  if (!v || *v < 1 || static_cast<std::size_t>(*v) > max)
    throw ApiError(400, "invalid_parameter", "limit is a whole number from 1 to " + std::to_string(max) + ".",
                   "limit");
  return static_cast<std::size_t>(*v);
}

}  // namespace pcu::server
