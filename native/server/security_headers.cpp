#include "security_headers.hpp"

#include <algorithm>
#include <optional>
#include <string_view>

#include "api_error.hpp"
#include "http_app.hpp"

namespace pcu::server {

std::size_t header_bytes(const httplib::Request& req) {
  std::size_t n = 0;
  for (const auto& [name, value] : req.headers) {
    // cpp-httplib adds the peer's address as headers of its own; the client did not send them.
    if (name == "REMOTE_ADDR" || name == "REMOTE_PORT") continue;
    n += name.size() + value.size() + 4;
  }
  return n;
}

bool declare_body_length(httplib::Request& req) {
  if (req.has_header("Transfer-Encoding")) return false;
  const bool body_expected = req.method == "POST" || req.method == "PUT" || req.method == "PATCH";
  if (body_expected && !req.has_header("Content-Length")) req.set_header("Content-Length", "0");
  return true;
}

bool json_body_allowed(const httplib::Request& req) {
  if (req.path.rfind("/api/", 0) != 0) return true;
  if (!req.has_header("Content-Length") || req.get_header_value("Content-Length") == "0") return true;
  // The media type, without parameters (charset) and in any case: "application/json" only.
  const std::string type = req.get_header_value("Content-Type");
  return pcu::detail::iequals(pcu::detail::trim(std::string_view(type).substr(0, type.find(';'))), "application/json");
}

namespace {

// What no route takes: more header bytes than header_max (431), a body of undeclared length
// (411), an API body that is not JSON (415). Nothing when the request may go on.
std::optional<ApiError> refusal_of(httplib::Request& req, std::size_t header_max) {
  if (header_bytes(req) > header_max)
    return ApiError(431, "headers_too_large",
                    "The request headers are larger than the server accepts (" + std::to_string(header_max) + " bytes).");
  if (!declare_body_length(req))
    return ApiError(411, "length_required",
                    "Send the request body with a Content-Length; chunked request bodies are not accepted.");
  if (!json_body_allowed(req))
    return ApiError(415, "unsupported_media_type", "Send the request body as application/json.");
  return std::nullopt;
}

// The answer to a refused request. (cpp-httplib 0.11 cannot be told to close the connection
// from here: a body the client sends anyway is read as its next request, which fails as one.)
void refuse(httplib::Response& res, const ApiError& e) {
  res.status = e.status;
  res.set_content(error_json(e).dump(), "application/json");
}

}  // namespace

void harden(httplib::Server& server, const ServerOptions& options) {
  server.set_read_timeout(static_cast<time_t>(options.read_timeout), 0);
  server.set_write_timeout(static_cast<time_t>(options.write_timeout), 0);
  // After a request that failed half way the connection waits for the next one: no longer than
  // a read may wait, so a stalled client is gone within about twice the read timeout.
  server.set_keep_alive_timeout(std::min<time_t>(5, options.read_timeout));
  const std::size_t header_max = options.header_max;
  // The library hands both handlers its own, non-const, request (a local of process_request).
  server.set_pre_routing_handler([header_max](const httplib::Request& req, httplib::Response& res) {
    const auto e = refusal_of(const_cast<httplib::Request&>(req), header_max);
    if (!e) return httplib::Server::HandlerResponse::Unhandled;
    refuse(res, *e);
    return httplib::Server::HandlerResponse::Handled;
  });
  // "Expect: 100-continue": a request refused anyway is refused at once, before the client is
  // told to send its body.
  server.set_expect_100_continue_handler([header_max](const httplib::Request& req, httplib::Response& res) {
    const auto e = refusal_of(const_cast<httplib::Request&>(req), header_max);
    if (!e) return 100;
    refuse(res, *e);
    return e->status;
  });
  server.set_post_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    res.set_header("Content-Security-Policy", std::string(csp_for(req.path)));
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Referrer-Policy", "no-referrer");
    res.set_header("X-Frame-Options", "DENY");  // frame-ancestors for browsers without CSP 2
    res.set_header("Cross-Origin-Opener-Policy", "same-origin");
  });
}

}  // namespace pcu::server
