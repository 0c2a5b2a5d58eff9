// libFuzzer target for one address, pcu::check_email (R-UM3 recovery email, R-UM7 invitees):
// any bytes give a normalized address or a coded refusal, and an accepted address has the
// shape the rest of the product relies on (one '@', a local part and a dotted domain within
// their limits). A broken invariant traps, so the fuzzer keeps the input.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "email_invariants.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  pcu_fuzz::check_one_address(text);
  const pcu::EmailCheck check = pcu::check_email(text);
  if (check.ok) {
    const std::string_view a = check.normalized;
    const auto at = a.rfind('@');
    pcu_fuzz::require(at != std::string_view::npos && at > 0 && at + 1 < a.size());
    pcu_fuzz::require(at <= 64);
    const std::string_view domain = a.substr(at + 1);
    pcu_fuzz::require(domain.find('.') != std::string_view::npos && domain.front() != '.' && domain.back() != '.');
    for (char c : a) pcu_fuzz::require(c > ' ' && c < 0x7f);
  }
  return 0;
}
