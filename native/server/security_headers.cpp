#include "security_headers.hpp"

#include <algorithm>

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

bool json_body_allowed(const httplib::Request& req) {
  if (req.path.rfind("/api/", 0) != 0) return true;
  const bool has_body = req.has_header("Transfer-Encoding") ||
                        (req.has_header("Content-Length") && req.get_header_value("Content-Length") != "0");
  if (!has_body) return true;
  const auto type = req.get_header_value("Content-Type");
  return type.rfind("application/json", 0) == 0;
}

void harden(httplib::Server& server, const ServerOptions& options) {
  server.set_read_timeout(static_cast<time_t>(options.read_timeout), 0);
  server.set_write_timeout(static_cast<time_t>(options.write_timeout), 0);
  // After a request that failed half way the connection waits for the next one: no longer than
  // a read may wait, so a stalled client is gone within about twice the read timeout.
  server.set_keep_alive_timeout(std::min<time_t>(5, options.read_timeout));
  const std::size_t header_max = options.header_max;
  server.set_pre_routing_handler([header_max](const httplib::Request& req, httplib::Response& res) {
    const auto refuse = [&res](const ApiError& e) {
      res.status = e.status;
      res.set_content(error_json(e).dump(), "application/json");
      return httplib::Server::HandlerResponse::Handled;
    };
    if (header_bytes(req) > header_max)
      return refuse(ApiError(431, "headers_too_large", "The request headers are larger than the server accepts (" +
                                                           std::to_string(header_max) + " bytes)."));
    if (!json_body_allowed(req))
      return refuse(ApiError(415, "unsupported_media_type", "Send the request body as application/json."));
    return httplib::Server::HandlerResponse::Unhandled;
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
