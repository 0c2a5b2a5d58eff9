// email_invariants.hpp: what check_email must keep for any input (R-UM7), shared by the
// invite-list and the one-address fuzz targets. A broken invariant traps.
#pragma once

#include <string_view>

#include "pcu/email.hpp"
#include "pcu/limits.hpp"

namespace pcu_fuzz {

inline void require(bool condition) {
  if (!condition) __builtin_trap();
}

inline bool is_lower_ascii(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80 || (c >= 'A' && c <= 'Z')) return false;
  return true;
}

inline void check_one_address(std::string_view input) {
  const pcu::EmailCheck check = pcu::check_email(input);
  if (check.ok) {
    require(check.code.empty() && check.message.empty());
    require(!check.normalized.empty() && check.normalized.size() <= pcu::limits::email_max);
    require(is_lower_ascii(check.normalized));
    const pcu::EmailCheck again = pcu::check_email(check.normalized);  // idempotent
    require(again.ok && again.normalized == check.normalized);
  } else {
    require(check.normalized.empty());
    require(check.code.substr(0, 6) == "email_" && !check.message.empty());
  }
}

}  // namespace pcu_fuzz
