// rate_limit.hpp: a token bucket per key (a user's id), in memory, for the invitation limits
// (R-UM9 beyond: invitation creation and resend per user per minute) and the recovery mails
// one user can be sent.
// The state is per server instance: N instances behind a load balancer allow up to N times
// the rate. Time comes from the request's clock (the injectable one in tests).
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace pcu::server {

struct Call;

class RateLimiter {
 public:
  // `capacity` requests per `period_seconds`, in bursts of up to `capacity`; 0 switches it off.
  explicit RateLimiter(int capacity = 0, int period_seconds = 60) : capacity_(capacity), period_(period_seconds) {}
  // Takes one token of `key`'s bucket at `now` (unix seconds): 0 when allowed, else the whole
  // seconds until a token is there again (for Retry-After).
  std::int64_t take(const std::string& key, std::int64_t now);

 private:
  struct Bucket {
    double tokens = 0;
    std::int64_t at = 0;
  };
  std::mutex mutex_;
  const int capacity_;
  const int period_;
  std::unordered_map<std::string, Bucket> buckets_;
};

// R-UM9 beyond: 429 invite_rate_exceeded with Retry-After when the signed-in caller has used up
// its --invite-rate invitation creations and resends for now.
void check_invite_rate(Call& call);

// Recovery mails a user is sent (R-UM12): at most this many an hour, per server instance; a
// request past it is answered as any other (202) and sends nothing, so the answer still does
// not tell who exists.
inline constexpr int recovery_mails_per_hour = 3;

}  // namespace pcu::server
