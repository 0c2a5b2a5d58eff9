// server_options.hpp: what `pcu-server serve` is told on its command line, as one value.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include <pcu/limits.hpp>

#include "password_hash.hpp"

namespace pcu::server {

struct ServerOptions {
  std::string db = "sqlite:pcusers.db";
  std::string listen = "127.0.0.1:8080";
  std::string static_dir;            // empty: no static files
  std::string mail = "dir:mail";     // dir:PATH, smtp://HOST:PORT[?starttls], smtps://HOST:PORT, or "none"
  std::string mail_from = "pcusers <no-reply@pcusers.invalid>";
  std::string mail_reply_to;         // empty: no Reply-To
  std::string mail_credentials;      // file: SMTP user, then password (else PCU_SMTP_USER/PASSWORD)
  // Delivery threads; 0: the transport's default, 1 for dir: (a directory takes one new file
  // at a time: more threads only spin on its lock), 4 for SMTP (waiting on the network).
  std::size_t mail_workers = 0;
  std::string clock_file;            // tests only
  std::string public_url;            // base of links in mail; default http://LISTEN
  bool fast_hash = false;            // tests and benchmark seeding only
  int invite_expiry_days = pcu::limits::invite_expiry_days;
  std::int64_t session_seconds = 12 * 3600;
  int lockout_failures = 5;          // R-PW2: failures in a row before the lock
  std::int64_t lockout_seconds = 15 * 60;
  int address_lockout_failures = 50;  // failures from one client address (any usernames); 0: off
  std::string trusted_proxy;          // this address's X-Forwarded-For names the client (nginx)
  std::size_t threads = 16;          // a keep-alive connection holds a worker while it is open
  std::size_t body_max = 64 * 1024;  // bytes; larger bodies get 413 body_too_large
  std::size_t header_max = 16 * 1024;  // bytes of all header lines; more gets 431 headers_too_large
  int read_timeout = 5;              // seconds a socket read may wait (slow clients are cut off)
  int write_timeout = 5;             // seconds a socket write may wait
  int invite_rate = 60;              // invitation creations and resends a minute per user; 0: no limit

  // Cookies get Secure when the console is served over HTTPS (behind a TLS proxy).
  bool secure_cookies() const { return public_url.rfind("https://", 0) == 0; }

  HashCost hash_cost() const { return fast_hash ? HashCost::fast() : HashCost::interactive(); }
};

// "sqlite:PATH" -> PATH; empty when the scheme is not sqlite.
inline std::string sqlite_path(const std::string& db) {
  static constexpr std::string_view scheme = "sqlite:";
  if (db.compare(0, scheme.size(), scheme) != 0) return {};
  return db.substr(scheme.size());
}

}  // namespace pcu::server
