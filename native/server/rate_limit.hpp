// rate_limit.hpp: a token bucket per key (a signed-in user's id), in memory, for the
// invitation limits (R-UM9 beyond: invitation creation and resend per user per minute).
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
  // `per_minute` requests a minute, in bursts of up to `per_minute`; 0 switches it off.
  explicit RateLimiter(int per_minute = 0) : per_minute_(per_minute) {}
  // Takes one token of `key`'s bucket at `now` (unix seconds): 0 when allowed, else the whole
  // seconds until a token is there again (for Retry-After).
  std::int64_t take(const std::string& key, std::int64_t now);

 private:
  struct Bucket {
    double tokens = 0;
    std::int64_t at = 0;
  };
  std::mutex mutex_;
  const int per_minute_;
  std::unordered_map<std::string, Bucket> buckets_;
};

// R-UM9 beyond: 429 invite_rate_exceeded with Retry-After when the signed-in caller has used up
// its --invite-rate invitation creations and resends for now.
void check_invite_rate(Call& call);

}  // namespace pcu::server
