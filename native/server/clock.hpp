// clock.hpp: "now" for every rule that depends on time (invitation expiry, history retention,
// resend interval, sign-in lockout, session expiry). Tests inject it through a file.
#pragma once

#include <atomic>
#include <cstdint>
#include <limits>
#include <string>

namespace pcu::server {

class Clock {
 public:
  // With an empty path, the system clock; otherwise the unix seconds written in that file,
  // read again on every call so a test can move time by rewriting the file. When the file
  // cannot be read or parsed, the last value read from it (the system clock only before any).
  explicit Clock(std::string file = {}) : file_(std::move(file)) {}
  std::int64_t now() const;

 private:
  static constexpr std::int64_t never_read = std::numeric_limits<std::int64_t>::min();
  std::string file_;
  mutable std::atomic<std::int64_t> last_from_file_{never_read};  // shared by the server's threads
};

}  // namespace pcu::server
