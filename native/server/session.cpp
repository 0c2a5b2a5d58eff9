#include "session.hpp"

#include <sodium.h>

#include "cookie.hpp"
#include "tokens.hpp"

namespace pcu::server {

std::string session_token(const httplib::Request& req) {
  return std::string(cookie_value(req.get_header_value("Cookie"), session_cookie));
}

std::string session_cookie_header(const std::string& token, std::int64_t max_age) {
  return std::string(session_cookie) + "=" + token + "; HttpOnly; SameSite=Strict; Path=/; Max-Age=" +
         std::to_string(max_age);
}

std::string client_address(const httplib::Request& req, const std::string& trusted_proxy) {
  if (trusted_proxy.empty() || req.remote_addr != trusted_proxy) return req.remote_addr;
  const std::string header = req.get_header_value("X-Forwarded-For");
  std::string_view forwarded = header;
  if (const auto comma = forwarded.rfind(','); comma != std::string_view::npos) forwarded.remove_prefix(comma + 1);
  while (!forwarded.empty() && forwarded.front() == ' ') forwarded.remove_prefix(1);
  while (!forwarded.empty() && forwarded.back() == ' ') forwarded.remove_suffix(1);
  if (forwarded.empty() || forwarded.size() > 64) return req.remote_addr;
  return std::string(forwarded);
}

std::optional<Caller> authenticate(Call& call) {
  const auto token = session_token(call.req);
  if (token.empty() || token.size() > 128) return std::nullopt;
  auto found = call.store().session_user(token_hash(token));
  if (!found || found->session.expires_at <= call.now) return std::nullopt;
  const UserRecord& user = found->user;
  if (!user.account || !pcu::may_sign_in(user.account->status).allowed) return std::nullopt;
  Caller caller;
  caller.actor = actor_of(call.store(), user);
  caller.acting_tenant = found->session.acting_tenant;
  caller.session = std::move(found->session);
  caller.user = std::move(found->user);
  return caller;
}

void check_csrf(const Call& call) {
  const auto& expected = call.me().session.csrf_token;
  if (!call.req.has_header(std::string(csrf_header).c_str()))
    throw ApiError(403, "csrf_missing", "This request needs the X-CSRF-Token header of the session.");
  const auto given = call.req.get_header_value(std::string(csrf_header).c_str());
  if (given.size() != expected.size() || sodium_memcmp(given.data(), expected.data(), given.size()) != 0)
    throw ApiError(403, "csrf_invalid", "The X-CSRF-Token header does not match the session.");
}

}  // namespace pcu::server
