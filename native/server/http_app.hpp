// http_app.hpp: the API as a table of routes, the context one request runs in (Call), and the
// JSON shapes the routes share. http_app.cpp registers the table on a cpp-httplib server and
// maps every failure to the one error shape; `pcu-server routes` lists the same table.
//
// Sections: application · routes · one request · shared JSON shapes · tenant facts
#pragma once

#include <httplib.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <pcu/pcu.hpp>

#include "api_error.hpp"
#include "clock.hpp"
#include "json_writer.hpp"
#include "outbox.hpp"
#include "password_hash.hpp"
#include "rate_limit.hpp"
#include "server_options.hpp"
#include "store.hpp"

namespace pcu::server {

// ---- application ----------------------------------------------------------------------

struct App {
  Store& store;
  const Clock& clock;
  PasswordHasher hasher;
  ServerOptions options;
  OutboxPump* outbox = nullptr;  // null when mail is off
  RateLimiter invite_limiter{};  // invitation creations and resends per user (--invite-rate)
  RateLimiter recovery_limiter{recovery_mails_per_hour, 3600};  // recovery mails per user
};

// ---- routes ---------------------------------------------------------------------------

struct Call;

enum class Auth {
  none,           // R-A1 exceptions: sign-in, invitation acceptance, password recovery, public documents
  session,        // a signed-in account user whose password need not be changed
  session_any,    // a signed-in account user, even one that must change its password first
};

struct Route {
  std::string method;  // GET POST PUT PATCH DELETE
  std::string path;    // OpenAPI form: /api/v1/users/{id}
  Auth auth = Auth::session;
  bool writes = false;  // runs in one write transaction
  std::function<void(Call&)> handler;
};

using RouteTable = std::vector<Route>;

void add_session_routes(RouteTable& table);
void add_user_routes(RouteTable& table);
void add_invitation_routes(RouteTable& table);
void add_group_routes(RouteTable& table);
void add_directory_routes(RouteTable& table);
void add_tenant_routes(RouteTable& table);
void add_product_routes(RouteTable& table);
void add_history_routes(RouteTable& table);
void add_audit_routes(RouteTable& table);
void add_authorize_routes(RouteTable& table);

RouteTable all_routes();

// Registers every route, the static files and the error handlers on `server`.
void mount(httplib::Server& server, App& app, const RouteTable& routes);

// ---- one request ----------------------------------------------------------------------

// The signed-in person of a request, as the core sees it.
struct Caller {
  SessionRow session;
  UserRecord user;
  pcu::Actor actor;
  std::string acting_tenant;  // R-A5: the tenant directory operations act on
};

// Problems of a request body as an ApiError: 400 (invalid_json, wrong_type, unknown_field,
// missing_field) when the shape is wrong, else 422 validation_failed.
[[noreturn]] void throw_problems(pcu::Problems problems);
// 422 validation_failed when there are problems.
void reject_problems(pcu::Problems problems);

// The members of a flat body of strings, in the order asked (absent optional ones empty);
// unknown members, wrong types and missing required members are problems (400).
struct StringField {
  std::string_view name;
  bool required = true;
  std::size_t max = 1024;
};
std::vector<std::string> read_string_fields(const pcu::json& body, std::initializer_list<StringField> fields);

struct Call {
  App& app;
  const httplib::Request& req;
  httplib::Response& res;
  std::int64_t now = 0;
  std::optional<Caller> caller;
  bool mail_enqueued = false;

  Store& store() { return app.store; }
  const Caller& me() const { return *caller; }
  std::string path_param(std::size_t i) const { return req.matches[static_cast<int>(i)].str(); }
  std::string query(const std::string& key) const { return req.has_param(key) ? req.get_param_value(key) : ""; }

  void reply(int status, const pcu::json& body);
  // An answer already written as JSON text (JsonWriter).
  void reply_text(int status, std::string body);

  // The decision request of the caller doing `action` (on `target`, about `product`).
  pcu::DecisionRequest decision(pcu::Action action, const UserRecord* target = nullptr,
                                std::string product = {}) const;
  // decide() it, and refuse with 403 and the decision's code when not allowed.
  void require(pcu::Action action, const UserRecord* target = nullptr) const;

  // The body as JSON: 400 when it is not JSON (an empty body reads as {}).
  pcu::json json_body() const;
  // For routes that take no body: none or {}; anything else is refused (400) before any change.
  void expect_no_members() const;
  // The body decoded by the core (pcu::read): 400 for shape problems, 422 for the rest.
  template <typename T>
  T decode_body() const {
    const pcu::json j = json_body();
    pcu::Problems problems;
    T value{};
    if (!pcu::read(j, value, problems)) throw_problems(std::move(problems));
    return value;
  }
  // An account user by path id, or 404.
  UserRecord account_user(const std::string& id);

  void audit(std::string_view action, const std::string& target_id, const pcu::json& before, const pcu::json& after);
  // The same with `before` and `after` already written as JSON text.
  void audit_text(std::string_view action, const std::string& target_id, std::string before, std::string after);
  // Enqueues `message` in this request's transaction; the outbox is woken after the commit.
  // Returns its Message-ID.
  std::string send_mail(OutboxMessage message);
};

pcu::json error_json(const ApiError& e);

// ---- shared JSON shapes ---------------------------------------------------------------

pcu::Actor actor_of(Store& store, const UserRecord& user);
pcu::Target target_of(const UserRecord& user);
pcu::json user_json(const UserRecord& user);
// A list row, written directly (the users list) or as a json (everything else builds on it).
void write_user_summary(JsonWriter& w, const UserRecord& user);
void write_user_row(JsonWriter& w, const UserListRow& row);
pcu::json user_summary_json(const UserRecord& user);
// The user's pending invitation with its mail delivery (routes_invitations.cpp); null if none.
pcu::json pending_invitation_json(Call& call, const std::string& user_id);
std::optional<std::int64_t> parse_int(const std::string& text);
std::size_t page_limit(const Call& call, std::size_t fallback, std::size_t max);
// The `search` query parameter: at most 256 bytes, no control characters, else 400.
std::string search_param(const Call& call);
// The ids of `tenant`'s groups named in `keys` (by id or display name, as the core validated
// them), in order; 422 duplicate_group when two names are of one group (its id and its name).
std::vector<std::string> group_ids_of(Call& call, const std::string& tenant, const std::vector<std::string>& keys,
                                      const std::string& field);

// ---- tenant facts ---------------------------------------------------------------------

// The core's TenantFacts answered from the store for one tenant.
class StoreFacts final : public pcu::TenantFacts {
 public:
  StoreFacts(Store& store, std::string tenant_id) : store_(store), tenant_(std::move(tenant_id)) {}
  bool domain_verified(std::string_view domain) const override { return store_.domain_verified(tenant_, domain); }
  // A directory user of this tenant has it, or an account user of any tenant: sign-in finds
  // an account user by username alone, so one username is one account user's (R-A5 scopes
  // rights, not names). Another tenant's directory user outside the account does not count.
  bool username_taken(std::string_view username) const override {
    if (store_.directory_user_in_tenant(tenant_, username)) return true;
    const auto holder = store_.directory_user_by_username(username);  // account users first
    if (!holder) return false;
    const auto held = store_.user(holder->id);
    return held && held->account.has_value();
  }
  bool group_exists(std::string_view group) const override {
    return store_.group_id_in_tenant(tenant_, group).has_value();
  }
  bool directory_user_exists(std::string_view id) const override {
    const auto u = store_.directory_user(std::string(id));
    return u && u->tenant_id == tenant_;
  }
  bool is_account_user(std::string_view id) const override {
    const auto u = store_.user(std::string(id));
    return u && u->account.has_value();
  }
  bool email_in_use(std::string_view email) const override { return store_.email_in_use(email); }

 private:
  Store& store_;
  std::string tenant_;
};

}  // namespace pcu::server
