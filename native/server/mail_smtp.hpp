// mail_smtp.hpp: a Deliverer that sends each message to an SMTP server with libcurl
// (`--mail smtp://HOST:PORT`, `smtp://HOST:PORT?starttls` to require STARTTLS, or
// `smtps://HOST:PORT` for TLS from the first byte). Credentials never come from the command
// line: `--mail-credentials FILE` (user on the first line, password on the second) or the
// environment (PCU_SMTP_USER, PCU_SMTP_PASSWORD).
#pragma once

#include <memory>
#include <string>

#include "mail_message.hpp"
#include "outbox.hpp"

namespace pcu::server {

struct SmtpSettings {
  std::string url;        // what libcurl is given: smtp://HOST:PORT or smtps://HOST:PORT
  bool starttls = false;  // require STARTTLS on smtp://
  std::string user;
  std::string password;
  long timeout_seconds = 60;  // one whole transaction; RetryPolicy::lease must be longer
};

// The settings of a `--mail smtp...` value and the credentials file (may be empty); throws
// std::runtime_error with a message for the operator when they are not usable.
SmtpSettings smtp_settings(const std::string& mail, const std::string& credentials_file);

// Call once before any thread starts (libcurl's global init is not thread-safe).
void smtp_global_init();

class SmtpDeliverer final : public Deliverer {
 public:
  SmtpDeliverer(SmtpSettings settings, MailIdentity identity);
  ~SmtpDeliverer() override;
  SmtpDeliverer(const SmtpDeliverer&) = delete;
  SmtpDeliverer& operator=(const SmtpDeliverer&) = delete;
  // 2xx: sent; 5xx from the server: failed for good (except authentication refusals, which
  // are the operator's to fix); anything else (no connection, 4xx, timeout): retry.
  DeliveryResult deliver(const OutboxMessage& message) override;

 private:
  SmtpSettings settings_;
  MailIdentity identity_;
  std::string from_address_;
  void* curl_;  // CURL*, kept so the connection to the server is reused between messages
};

}  // namespace pcu::server
