#include "rate_limit.hpp"

#include <algorithm>
#include <cmath>

#include "http_app.hpp"

namespace pcu::server {

std::int64_t RateLimiter::take(const std::string& key, std::int64_t now) {
  std::lock_guard lock(mutex_);
  if (capacity_ <= 0) return 0;
  const double capacity = capacity_;
  const double per_second = capacity / period_;
  // Idle buckets are full again after a period: forget them so the map stays small.
  if (buckets_.size() >= 100000 && buckets_.find(key) == buckets_.end())
    for (auto i = buckets_.begin(); i != buckets_.end();)
      i = i->second.at + period_ < now ? buckets_.erase(i) : std::next(i);
  auto [it, fresh] = buckets_.try_emplace(key, Bucket{capacity, now});
  Bucket& b = it->second;
  if (!fresh && now > b.at) b.tokens = std::min(capacity, b.tokens + static_cast<double>(now - b.at) * per_second);
  b.at = std::max(b.at, now);
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return 0;
  }
  return std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil((1.0 - b.tokens) / per_second)));
}

void check_invite_rate(Call& call) {
  const auto wait = call.app.invite_limiter.take(call.me().user.directory.id, call.now);
  if (wait == 0) return;
  call.res.set_header("Retry-After", std::to_string(wait));
  throw ApiError(429, "invite_rate_exceeded",
                 "Too many invitations sent or resent in the last minute; try again in " + std::to_string(wait) +
                     " seconds.");
}

}  // namespace pcu::server
