// session.hpp: who is calling. The session cookie (`pcu_session`, HttpOnly, SameSite=Strict)
// holds a random token whose SHA-256 is the session key; state-changing requests must echo the
// session's CSRF token in X-CSRF-Token.
#pragma once

#include <optional>
#include <string>

#include "http_app.hpp"

namespace pcu::server {

inline constexpr std::string_view session_cookie = "pcu_session";
inline constexpr std::string_view csrf_header = "X-CSRF-Token";

// The session token of the request's cookie, or empty.
std::string session_token(const httplib::Request& req);
std::string session_cookie_header(const std::string& token, std::int64_t max_age);

// The client's address: the peer's, or for a request from `trusted_proxy` the last address of
// its X-Forwarded-For (the client that proxy saw). Sign-in throttling keys on it.
std::string client_address(const httplib::Request& req, const std::string& trusted_proxy);

// The caller of a live session whose user may still sign in (R-A6), or nothing.
std::optional<Caller> authenticate(Call& call);
// 403 csrf_missing / csrf_invalid unless the header carries the session's CSRF token.
void check_csrf(const Call& call);

}  // namespace pcu::server
