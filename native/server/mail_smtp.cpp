#include "mail_smtp.hpp"

#include <curl/curl.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <stdexcept>

namespace pcu::server {

namespace {

struct Upload {
  const std::string& data;
  std::size_t offset = 0;
};

std::size_t read_upload(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* up = static_cast<Upload*>(user);
  const std::size_t n = std::min(size * count, up->data.size() - up->offset);
  std::memcpy(buffer, up->data.data() + up->offset, n);
  up->offset += n;
  return n;
}

// The server's last line, and its last refusal (4xx, 5xx): libcurl gives them no other way.
struct Replies {
  std::string last;
  std::string refusal;
};

int keep_reply(CURL*, curl_infotype type, char* data, std::size_t size, void* user) {
  if (type != CURLINFO_HEADER_IN) return 0;
  std::string line(data, size);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  if (line.empty()) return 0;
  auto* replies = static_cast<Replies*>(user);
  replies->last = line;
  if (line[0] == '4' || line[0] == '5') replies->refusal = line;
  return 0;
}

std::string trim_line(std::string s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

SmtpSettings smtp_settings(const std::string& mail, const std::string& credentials_file) {
  SmtpSettings s;
  s.url = mail;
  if (const auto q = mail.find('?'); q != std::string::npos) {
    const std::string query = mail.substr(q + 1);
    s.url = mail.substr(0, q);
    if (query != "starttls") throw std::runtime_error("--mail: the only query is ?starttls");
    s.starttls = true;
  }
  if (s.url.rfind("smtp://", 0) != 0 && s.url.rfind("smtps://", 0) != 0)
    throw std::runtime_error("--mail must be dir:PATH, smtp://HOST:PORT[?starttls], smtps://HOST:PORT or none");
  if (s.starttls && s.url.rfind("smtps://", 0) == 0)
    throw std::runtime_error("--mail: smtps:// is TLS already; ?starttls is for smtp://");
  if (!credentials_file.empty()) {
    std::ifstream in(credentials_file);
    if (!in) throw std::runtime_error("cannot read --mail-credentials " + credentials_file);
    std::getline(in, s.user);
    std::getline(in, s.password);
    s.user = trim_line(s.user);
    s.password = trim_line(s.password);
  } else {
    if (const char* u = std::getenv("PCU_SMTP_USER")) s.user = u;
    if (const char* p = std::getenv("PCU_SMTP_PASSWORD")) s.password = p;
  }
  return s;
}

void smtp_global_init() { curl_global_init(CURL_GLOBAL_DEFAULT); }

SmtpDeliverer::SmtpDeliverer(SmtpSettings settings, MailIdentity identity)
    : settings_(std::move(settings)),
      identity_(std::move(identity)),
      from_address_(envelope_address(identity_.from)),
      curl_(curl_easy_init()) {
  if (!curl_) throw std::runtime_error("libcurl failed to start");
}

SmtpDeliverer::~SmtpDeliverer() { curl_easy_cleanup(static_cast<CURL*>(curl_)); }

DeliveryResult SmtpDeliverer::deliver(const OutboxMessage& m) {
  CURL* curl = static_cast<CURL*>(curl_);
  const std::string text = rfc5322_message(m, identity_);
  Upload upload{text};
  Replies replies;
  char error[CURL_ERROR_SIZE] = "";
  const std::string from = "<" + from_address_ + ">";
  curl_slist* recipients = curl_slist_append(nullptr, ("<" + envelope_address(m.to) + ">").c_str());

  curl_easy_reset(curl);  // keeps the open connection
  curl_easy_setopt(curl, CURLOPT_URL, settings_.url.c_str());
  if (settings_.starttls) curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  if (!settings_.user.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, settings_.user.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, settings_.password.c_str());
  }
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_upload);
  curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
  curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(text.size()));
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, settings_.timeout_seconds);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl, CURLOPT_VERBOSE, 1L);  // only so keep_reply sees the server's lines
  curl_easy_setopt(curl, CURLOPT_DEBUGFUNCTION, keep_reply);
  curl_easy_setopt(curl, CURLOPT_DEBUGDATA, &replies);
  const CURLcode rc = curl_easy_perform(curl);
  long code = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, nullptr);
  curl_slist_free_all(recipients);

  if (rc == CURLE_OK) return {DeliveryResult::Outcome::sent, replies.last};
  std::string why = error[0] ? error : curl_easy_strerror(rc);
  if (!replies.refusal.empty()) {
    why = replies.refusal + " (" + why + ")";
    code = std::strtol(replies.refusal.c_str(), nullptr, 10);
  }
  // Authentication refusals are the operator's to fix: keep the message and retry.
  const bool auth = code == 530 || code == 534 || code == 535 || code == 538;
  if (code >= 500 && code < 600 && !auth) return {DeliveryResult::Outcome::failed, why};
  return {DeliveryResult::Outcome::retry, why};
}

}  // namespace pcu::server
