#include "clock.hpp"

#include <chrono>
#include <fstream>

namespace pcu::server {

std::int64_t Clock::now() const {
  if (!file_.empty()) {
    std::ifstream in(file_);
    std::int64_t seconds = 0;
    if (in >> seconds) return seconds;
  }
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace pcu::server
