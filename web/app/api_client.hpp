// api_client.hpp: the console's HTTP client for /api/v1, on emscripten_fetch: never blocks.
// State-changing requests carry the CSRF token (X-CSRF-Token); cookies are HttpOnly and sent
// by the browser (same origin). A Call holds the state of one kind of request a page makes;
// an answer to an older request of the same Call is ignored.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "pcu/json.hpp"

namespace api {

using pcu::json;

// The error answer {"error": {"code", "message", "field", "items": [...]}}.
struct Error {
  int status = 0;
  std::string code;
  std::string message;
  std::string field;
  pcu::Problems items;
};

struct Call {
  bool busy = false;
  bool failed = false;   // server unreachable, 5xx or timeout: show a message and a retry
  std::string failure;   // that message
  Error error;           // a 4xx refusal (code empty when none)
  std::uint64_t ticket = 0;
  bool has_error() const { return !error.code.empty(); }
  void clear() {
    busy = failed = false;
    failure.clear();
    error = {};
  }
};

struct Answer {
  int status = 0;
  json body;         // parsed JSON, or null
  std::string etag;  // the ETag header, for If-Match
};

using OnSuccess = std::function<void(const Answer&)>;
using OnRefusal = std::function<void(const Answer&)>;

// Sends a request for `call`. `path` is below /api/v1 ("/users?limit=50"). `body` may be null.
void send(Call& call, std::string_view method, std::string_view path, const json& body, OnSuccess on_success,
          std::string_view if_match = {}, OnRefusal on_refusal = nullptr);
// Fire and forget (page visits): failures are ignored.
void post_quietly(std::string_view path, const json& body);

void set_csrf_token(std::string token);
// Called with the status of every answer and a refusal's code: 401 means the session ended,
// 403 csrf_invalid that another tab signed in again (a new session, a new token).
void set_status_observer(std::function<void(int status, std::string_view path, std::string_view code)> observer);
int requests_in_flight();
// bench/web: milliseconds each answer took on the main thread (JSON parse and the page's
// callback) since the last call; then restarts.
std::vector<float> take_answer_times();

// Percent-encodes a query value.
std::string encode(std::string_view value);

}  // namespace api
