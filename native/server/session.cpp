#include "session.hpp"

#include <sodium.h>

#include "tokens.hpp"

namespace pcu::server {

std::string session_token(const httplib::Request& req) {
  const auto cookies = req.get_header_value("Cookie");
  std::string_view rest = cookies;
  while (!rest.empty()) {
    const auto end = rest.find(';');
    std::string_view item = rest.substr(0, end);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    if (item.size() > session_cookie.size() && item.substr(0, session_cookie.size()) == session_cookie &&
        item[session_cookie.size()] == '=')
      return std::string(item.substr(session_cookie.size() + 1));
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
  return {};
}

std::string session_cookie_header(const std::string& token, std::int64_t max_age) {
  return std::string(session_cookie) + "=" + token + "; HttpOnly; SameSite=Strict; Path=/; Max-Age=" +
         std::to_string(max_age);
}

std::optional<Caller> authenticate(Call& call) {
  const auto token = session_token(call.req);
  if (token.empty() || token.size() > 128) return std::nullopt;
  auto session = call.store().session(token_hash(token));
  if (!session || session->expires_at <= call.now) return std::nullopt;
  auto user = call.store().user(session->user_id);
  if (!user || !user->account || !pcu::may_sign_in(user->account->status).allowed) return std::nullopt;
  Caller caller;
  caller.actor = actor_of(call.store(), *user);
  caller.acting_tenant = session->acting_tenant;
  caller.session = std::move(*session);
  caller.user = std::move(*user);
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
