// security_headers.hpp: what every response carries and what every connection may cost,
// whatever route answers: the browser security headers (Content-Security-Policy,
// X-Content-Type-Options, Referrer-Policy, X-Frame-Options), the total size of the request
// headers (431 headers_too_large), the body's declared length (411) and type (415) of API
// requests, and the socket read and write timeouts (slow clients).
#pragma once

#include <httplib.h>

#include <string>
#include <string_view>

#include "server_options.hpp"

namespace pcu::server {

// The console (Emscripten WebAssembly): its own scripts, styles, fonts and wasm only; no
// inline script or style; WebAssembly compilation allowed ('wasm-unsafe-eval'), no eval.
inline constexpr std::string_view console_csp =
    "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
// JSON answers are never documents to render.
inline constexpr std::string_view api_csp = "default-src 'none'; frame-ancestors 'none'; sandbox";

// The Content-Security-Policy of a response to `path`.
inline std::string_view csp_for(std::string_view path) {
  return path.rfind("/api/", 0) == 0 ? api_csp : console_csp;
}

// cpp-httplib 0.11 answers 400 when a header line is over CPPHTTPLIB_HEADER_MAX_LENGTH (8 KiB,
// fixed in Debian's shared library), before it reads the rest: such a request has a parsed
// request line but not the REMOTE_ADDR header the library adds once every header is read.
inline bool headers_unread(const httplib::Request& req) {
  return !req.method.empty() && (req.version == "HTTP/1.1" || req.version == "HTTP/1.0") &&
         !req.has_header("REMOTE_ADDR");
}

// The sum of the request's header lines ("Name: value\r\n"), as the client sent them.
std::size_t header_bytes(const httplib::Request& req);

// The body's length as HTTP/1.1 defines it for a request (RFC 9112 6.3): false with any
// Transfer-Encoding (411), since cpp-httplib 0.11 reads a chunked body whole before it applies
// the body limit; with neither Transfer-Encoding nor Content-Length the body is empty, and
// this adds "Content-Length: 0" to a POST, PUT or PATCH, whose body the library would
// otherwise read until the client closes. Either way the client chose how much memory and
// time the server spent before any answer.
bool declare_body_length(httplib::Request& req);

// False for an API request with a body that is not application/json (415): a cross-site HTML
// form can only send urlencoded, multipart or text/plain bodies without a CORS preflight, which
// this server never answers, so routes without a session (sign-in, invitation acceptance,
// recovery) cannot be forged from another site either.
bool json_body_allowed(const httplib::Request& req);

// Installs the security headers (post-routing, so errors cpp-httplib answers itself get them
// too), the 431 check on the total header size (pre-routing) and the timeouts.
void harden(httplib::Server& server, const ServerOptions& options);

}  // namespace pcu::server
