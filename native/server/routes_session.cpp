// routes_session.cpp: sign in and out, who am I, the acting tenant, changing one's own
// password and recovering a forgotten one (R-A1, R-A6, R-PW1, R-PW2, R-UM6, R-UM12).
#include <chrono>
#include <thread>

#include "http_app.hpp"
#include "mail_message.hpp"
#include "session.hpp"
#include "token_format.hpp"
#include "tokens.hpp"

namespace pcu::server {

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

pcu::json session_json(const Caller& caller) {
  pcu::json allowed = pcu::json::array();
  for (std::size_t i = 0; i < pcu::action_count; ++i) {
    pcu::DecisionRequest r;
    r.actor = caller.actor;
    r.action = static_cast<pcu::Action>(i);
    r.tenant = caller.acting_tenant;
    if (pcu::decide(r).allowed) allowed.push_back(pcu::action_names[i]);
  }
  return {{"user", user_json(caller.user)},
          {"kind", pcu::name_of(caller.actor.kind)},
          {"acting_tenant", caller.acting_tenant},
          {"csrf_token", caller.session.csrf_token},
          {"expires_at", caller.session.expires_at},
          {"must_change_password", caller.user.directory.must_change_password},
          {"permissions", pcu::effective_to_json(pcu::effective_permissions(caller.actor))},
          {"allowed_actions", std::move(allowed)}};
}

// The session cookie, Secure when the console is served over HTTPS (--public-url https://...).
void set_session_cookie(Call& c, const std::string& token, std::int64_t max_age) {
  std::string cookie = session_cookie_header(token, max_age);
  if (c.app.options.secure_cookies()) cookie += "; Secure";
  c.res.set_header("Set-Cookie", cookie);
}

// A fresh session (new id and CSRF token) for `user_id` acting in `tenant`.
SessionRow new_session(Call& c, const std::string& user_id, const std::string& tenant, std::string& token) {
  token = random_token();
  return {token_hash(token), user_id, random_token(), tenant, c.now, c.now + c.app.options.session_seconds};
}

// R-PW2: one answer for every failure, whatever was wrong.
ApiError sign_in_failed() {
  return ApiError(401, "sign_in_failed", "The username or password is not right, or this user cannot sign in.");
}

void sign_in(Call& c) {
  const auto fields = read_string_fields(c.json_body(), {{"username", true, 1024}, {"password", true, 1024}});
  const std::string& username = fields[0];
  const std::string& password = fields[1];
  const std::string key = lower(username);
  const auto& opt = c.app.options;

  SignInFailures failures = c.store().sign_in_failures(key);
  if (failures.locked_until > c.now) {
    c.res.set_header("Retry-After", std::to_string(failures.locked_until - c.now));
    throw ApiError(429, "sign_in_locked", "Too many failed sign-ins for this username; try again later.");
  }
  // R-PW2 beyond: one address trying many usernames is locked out too. (The key cannot be a
  // username: usernames are email addresses, which have no space.)
  const std::string address_key = "address " + client_address(c.req, opt.trusted_proxy);
  SignInFailures by_address;
  if (opt.address_lockout_failures > 0) {
    by_address = c.store().sign_in_failures(address_key);
    if (by_address.locked_until > c.now) {
      c.res.set_header("Retry-After", std::to_string(by_address.locked_until - c.now));
      throw ApiError(429, "sign_in_locked_address",
                     "Too many failed sign-ins from this address; try again later.");
    }
  }
  const auto directory = c.store().directory_user_by_username(username);
  std::optional<UserRecord> user;
  if (directory) user = c.store().user(directory->id);
  const bool may = user && user->account && pcu::may_sign_in(user->account->status).allowed;
  // Verify even when the user cannot sign in, so timing does not tell which part was wrong.
  const bool verified = c.app.hasher.verify(may ? user->directory.password_hash : std::string(), password);
  if (!may || !verified) {
    const auto count = [&](SignInFailures& f, int limit) {
      f.count = f.last_at + opt.lockout_seconds > c.now ? f.count + 1 : 1;
      f.last_at = c.now;
      if (f.count >= limit) f.locked_until = c.now + opt.lockout_seconds;
    };
    count(failures, opt.lockout_failures);
    if (opt.address_lockout_failures > 0) count(by_address, opt.address_lockout_failures);
    c.store().transaction([&] {
      c.store().set_sign_in_failures(key, failures);
      if (opt.address_lockout_failures > 0) c.store().set_sign_in_failures(address_key, by_address);
    });
    // Slow down repeated failures before the lock (R-PW2 beyond).
    if (failures.count >= 3)
      std::this_thread::sleep_for(std::chrono::milliseconds(100 * std::min(failures.count - 2, 3)));
    throw sign_in_failed();
  }

  std::string token;
  Caller caller;
  caller.session = new_session(c, user->directory.id, user->directory.tenant_id, token);
  // Session fixation: a session this browser already had ends; the new one has a new id.
  const std::string presented = session_token(c.req);
  c.store().transaction([&] {
    c.store().clear_sign_in_failures(key);
    c.store().purge_sessions(c.now);
    if (!presented.empty()) c.store().delete_session(token_hash(presented));
    c.store().insert_session(caller.session);
  });
  caller.actor = actor_of(c.store(), *user);
  caller.acting_tenant = caller.session.acting_tenant;
  caller.user = std::move(*user);
  set_session_cookie(c, token, opt.session_seconds);
  c.reply(200, session_json(caller));
}

void who_am_i(Call& c) { c.reply(200, session_json(c.me())); }

void sign_out(Call& c) {
  c.expect_no_members();
  c.store().delete_session(c.me().session.token_hash);
  set_session_cookie(c, "", 0);
  c.reply(200, {{"signed_out", true}});
}

// The owner picks the acting tenant; everyone else acts in its own tenant (R-A5).
void pick_tenant(Call& c) {
  const auto fields = read_string_fields(c.json_body(), {{"tenant_id", true, pcu::limits::id_max}});
  const auto tenant = c.store().tenant(fields[0]);
  if (!tenant) throw not_found("The tenant");
  require(pcu::may_choose_tenant(c.me().actor, tenant->id));
  c.store().set_acting_tenant(c.me().session.token_hash, tenant->id);
  Caller updated = c.me();
  updated.acting_tenant = tenant->id;
  c.reply(200, session_json(updated));
}

// Sets a new password checked by the core (R-PW1); ends every other session of the user.
void store_new_password(Call& c, const std::string& user_id, const std::string& password, const std::string& field) {
  reject_problems(pcu::validate_password(password, field));
  c.store().set_password(user_id, c.app.hasher.hash(password), false);
  c.store().delete_sessions_of(user_id);
  c.store().delete_recoveries_of(user_id);
}

void change_password(Call& c) {
  const auto fields = read_string_fields(c.json_body(), {{"current_password", true, 1024}, {"new_password", true, 1024}});
  const auto& me = c.me();
  if (!c.app.hasher.verify(me.user.directory.password_hash, fields[0]))
    reject_problems({{"current_password", "", 0, "current_password_incorrect", "The current password is not right."}});
  // R-UM6: a temporary password must be changed, not confirmed (its giver knows it).
  if (fields[1] == fields[0])
    reject_problems({{"new_password", "", 0, "password_unchanged", "Choose a new password, not the current one."}});
  store_new_password(c, me.user.directory.id, fields[1], "new_password");
  // Every session ended above; this browser goes on in a new one (new id, new CSRF token) that
  // keeps the old one's acting tenant and end.
  std::string token;
  SessionRow session = new_session(c, me.user.directory.id, me.session.acting_tenant, token);
  session.expires_at = me.session.expires_at;
  c.store().insert_session(session);
  set_session_cookie(c, token, std::max<std::int64_t>(0, session.expires_at - c.now));
  c.audit("change_password", me.user.directory.id, nullptr, {{"must_change_password", false}});
  c.reply(200, {{"changed", true}, {"csrf_token", session.csrf_token}});
}

// R-UM12: a recovery link goes to the recovery email, when there is one, at most
// recovery_mails_per_hour times an hour (anyone may ask, so the limit keeps anyone from
// filling a user's mailbox). The answer is the same either way, so it does not tell who exists.
void request_recovery(Call& c) {
  const auto fields = read_string_fields(c.json_body(), {{"username", true, 1024}});
  const auto directory = c.store().directory_user_by_username(fields[0]);
  if (directory && !directory->recovery_email.empty()) {
    const auto user = c.store().user(directory->id);
    if (user && user->account && pcu::may_sign_in(user->account->status).allowed &&
        c.app.recovery_limiter.take(directory->id, c.now) == 0) {
      // One live link per user: asking again replaces the earlier link.
      const std::string token = random_token();
      c.store().delete_recoveries_of(directory->id);
      c.store().insert_recovery({token_hash(token), directory->id, c.now + 3600});
      c.send_mail(recovery_message(directory->recovery_email, directory->username,
                                   console_link(c.app.options.public_url, "recover", token)));
    }
  }
  c.reply(202, {{"accepted", true}});
}

void complete_recovery(Call& c) {
  const auto fields = read_string_fields(c.json_body(), {{"token", true, 128}, {"new_password", true, 1024}});
  const auto row = token_well_formed(fields[0]) ? c.store().recovery(token_hash(fields[0])) : std::nullopt;
  // Reset, disabling and removal delete the user's links; this also refuses any link of a
  // user who may not sign in now (R-A6).
  const auto user = row ? c.store().user(row->user_id) : std::nullopt;
  if (!row || row->expires_at <= c.now || !user || !user->account || !pcu::may_sign_in(user->account->status).allowed)
    throw ApiError(404, "recovery_not_found", "This recovery link is not valid any more.");
  store_new_password(c, row->user_id, fields[1], "new_password");
  c.store().append_audit({0, c.now, row->user_id, "recover_password", row->user_id, "null", "null"});
  c.reply(200, {{"changed", true}});
}

}  // namespace

void add_session_routes(RouteTable& t) {
  t.push_back({"POST", "/api/v1/session", Auth::none, false, sign_in});
  t.push_back({"GET", "/api/v1/session", Auth::session_any, false, who_am_i});
  t.push_back({"DELETE", "/api/v1/session", Auth::session_any, true, sign_out});
  t.push_back({"PUT", "/api/v1/session/tenant", Auth::session, true, pick_tenant});
  t.push_back({"POST", "/api/v1/session/password", Auth::session_any, true, change_password});
  t.push_back({"POST", "/api/v1/password-recovery", Auth::none, true, request_recovery});
  t.push_back({"POST", "/api/v1/password-recovery/complete", Auth::none, true, complete_recovery});
}

}  // namespace pcu::server
