#include "api_client.hpp"

#include "browser.hpp"

#include <emscripten/fetch.h>

#include <array>
#include <cctype>
#include <cstring>
#include <memory>
#include <utility>

namespace api {
namespace {

constexpr unsigned long timeout_ms = 15000;
constexpr std::string_view prefix = "/api/v1";

std::string csrf;
std::function<void(int, std::string_view, std::string_view)> observer;
int in_flight = 0;
std::vector<float> answer_times;

// Adds the time from its construction to its end to answer_times.
struct AnswerClock {
  double started = browser::now_ms();
  ~AnswerClock() {
    if (answer_times.size() < 4096) answer_times.push_back(static_cast<float>(browser::now_ms() - started));
  }
};

// One request in flight: owns every buffer emscripten_fetch points at until it answers.
struct Pending {
  Call* call = nullptr;  // pages keep their Calls for the life of the program
  std::uint64_t ticket = 0;
  std::string path;
  std::string body;
  std::string if_match;
  std::array<const char*, 9> headers{};
  OnSuccess on_success;
  OnRefusal on_refusal;
};

std::string header_value(emscripten_fetch_t* fetch, std::string_view name) {
  const std::size_t length = emscripten_fetch_get_response_headers_length(fetch);
  std::string all(length + 1, '\0');
  emscripten_fetch_get_response_headers(fetch, all.data(), all.size());
  std::size_t start = 0;
  while (start < length) {
    std::size_t end = all.find("\r\n", start);
    if (end == std::string::npos) end = length;
    const std::string_view line(all.data() + start, end - start);
    const auto colon = line.find(':');
    if (colon != std::string_view::npos && colon == name.size()) {
      bool same = true;
      for (std::size_t i = 0; i < colon; ++i)
        if (std::tolower(static_cast<unsigned char>(line[i])) != std::tolower(static_cast<unsigned char>(name[i])))
          same = false;
      if (same) {
        auto value = line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
        return std::string(value);
      }
    }
    start = end + 2;
  }
  return {};
}

Error read_error(int status, const json& body) {
  Error e;
  e.status = status;
  const json* err = body.is_object() && body.contains("error") ? &body["error"] : nullptr;
  if (err && err->is_object()) {
    e.code = err->value("code", "error");
    e.message = err->value("message", "");
    e.field = err->value("field", "");
    if (err->contains("items") && (*err)["items"].is_array())
      for (const json& item : (*err)["items"]) {
        if (!item.is_object()) continue;
        pcu::Problem p;
        p.field = item.value("field", "");
        p.item = item.value("item", "");
        p.position = item.value("position", std::size_t{0});
        p.code = item.value("code", "");
        p.message = item.value("message", "");
        e.items.push_back(std::move(p));
      }
  } else {
    e.code = "http_" + std::to_string(status);
  }
  if (e.message.empty()) e.message = "The server refused the request (" + std::to_string(status) + ").";
  return e;
}

void finish(emscripten_fetch_t* fetch) {
  const AnswerClock clock;
  std::unique_ptr<Pending> p(static_cast<Pending*>(fetch->userData));
  --in_flight;
  const int status = fetch->status;
  Answer answer;
  answer.status = status;
  if (fetch->numBytes > 0) {
    answer.body = json::parse(fetch->data, fetch->data + fetch->numBytes, nullptr, false);
    if (answer.body.is_discarded()) answer.body = nullptr;
  }
  if (status > 0) answer.etag = header_value(fetch, "ETag");
  emscripten_fetch_close(fetch);

  if (observer && status > 0)
    observer(status, p->path, status >= 400 ? read_error(status, answer.body).code : std::string());
  if (!p->call) return;
  Call& call = *p->call;
  if (p->ticket != call.ticket) return;  // a newer request of the same Call answers instead
  call.busy = false;
  if (status == 0) {
    call.failed = true;
    call.failure = "Cannot reach the server (no answer or timeout). Check the connection and retry.";
  } else if (status >= 500) {
    call.failed = true;
    call.failure = "The server failed to answer (" + std::to_string(status) + "). Retry in a moment.";
  } else if (status >= 400) {
    call.error = read_error(status, answer.body);
    if (p->on_refusal) p->on_refusal(answer);
  } else if (p->on_success) {
    p->on_success(answer);
  }
}

void start(std::unique_ptr<Pending> p, std::string_view method) {
  emscripten_fetch_attr_t attr;
  emscripten_fetch_attr_init(&attr);
  std::strncpy(attr.requestMethod, std::string(method).c_str(), sizeof attr.requestMethod - 1);
  attr.attributes = EMSCRIPTEN_FETCH_LOAD_TO_MEMORY;
  attr.timeoutMSecs = timeout_ms;
  std::size_t h = 0;
  p->headers[h++] = "Accept";
  p->headers[h++] = "application/json";
  if (!p->body.empty()) {
    p->headers[h++] = "Content-Type";
    p->headers[h++] = "application/json";
  }
  if (method != "GET" && !csrf.empty()) {
    p->headers[h++] = "X-CSRF-Token";
    p->headers[h++] = csrf.c_str();
  }
  if (!p->if_match.empty()) {
    p->headers[h++] = "If-Match";
    p->headers[h++] = p->if_match.c_str();
  }
  p->headers[h] = nullptr;
  attr.requestHeaders = p->headers.data();
  if (!p->body.empty()) {
    attr.requestData = p->body.data();
    attr.requestDataSize = p->body.size();
  }
  attr.onsuccess = finish;
  attr.onerror = finish;
  const std::string url = std::string(prefix) + p->path;
  attr.userData = p.release();
  ++in_flight;
  emscripten_fetch(&attr, url.c_str());
}

}  // namespace

void send(Call& call, std::string_view method, std::string_view path, const json& body, OnSuccess on_success,
          std::string_view if_match, OnRefusal on_refusal) {
  call.clear();
  call.busy = true;
  auto p = std::make_unique<Pending>();
  p->call = &call;
  // One counter for all calls: a page that resets its state (and so its Calls, to ticket 0)
  // never takes an answer to a request made before the reset.
  static std::uint64_t last_ticket = 0;
  p->ticket = call.ticket = ++last_ticket;
  p->path = path;
  if (!body.is_null()) p->body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  p->if_match = if_match;
  p->on_success = std::move(on_success);
  p->on_refusal = std::move(on_refusal);
  start(std::move(p), method);
}

void post_quietly(std::string_view path, const json& body) {
  auto p = std::make_unique<Pending>();
  p->path = path;
  p->body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  start(std::move(p), "POST");
}

void set_csrf_token(std::string token) { csrf = std::move(token); }
void set_status_observer(std::function<void(int, std::string_view, std::string_view)> o) { observer = std::move(o); }
int requests_in_flight() { return in_flight; }
std::vector<float> take_answer_times() { return std::exchange(answer_times, {}); }

std::string encode(std::string_view value) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

}  // namespace api
