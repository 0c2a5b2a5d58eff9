// clock.hpp: "now" for every rule that depends on time (invitation expiry, history retention,
// resend interval, sign-in lockout, session expiry). Tests inject it through a file.
#pragma once

#include <cstdint>
#include <string>

namespace pcu::server {

class Clock {
 public:
  // With an empty path, the system clock; otherwise the unix seconds written in that file,
  // read again on every call so a test can move time by rewriting the file.
  explicit Clock(std::string file = {}) : file_(std::move(file)) {}
  std::int64_t now() const;

 private:
  std::string file_;
};

}  // namespace pcu::server
