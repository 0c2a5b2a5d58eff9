#include "clock.hpp"

#include <chrono>
#include <fstream>

namespace pcu::server {

std::int64_t Clock::now() const {
  if (!file_.empty()) {
    std::ifstream in(file_);
    std::int64_t seconds = 0;
    if (in >> seconds) {
      last_from_file_.store(seconds, std::memory_order_relaxed);
      return seconds;
    }
    // Unreadable or unparsable (e.g. a test rewriting the file in place): keep the time the
    // file last gave rather than jump to the real clock, years away from the injected one.
    if (const auto last = last_from_file_.load(std::memory_order_relaxed); last != never_read) return last;
  }
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace pcu::server
