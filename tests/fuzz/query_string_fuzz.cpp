// libFuzzer target for query strings as the server reads them: cpp-httplib's parse_query_text
// and decode_url (Debian's shared library, so not instrumented itself: this finds what it
// hands back wrong) and then the core's parsers of parameter values (type, role, status, the
// users list's sort names): a value is either a known name that prints back the same, or
// nothing. A broken invariant traps.
#include <httplib.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "pcu/pcu.hpp"

namespace {

void require(bool condition) {
  if (!condition) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  httplib::Params params;
  httplib::detail::parse_query_text(text, params);
  std::size_t total = 0;
  for (const auto& [key, value] : params) {
    total += key.size() + value.size();
    if (const auto t = pcu::user_type_from_name(value)) require(pcu::name_of(*t) == value);
    if (const auto r = pcu::role_from_name(value)) require(pcu::name_of(*r) == value);
    if (const auto s = pcu::user_status_from_name(value)) require(pcu::name_of(*s) == value);
  }
  require(total <= text.size());  // decoding only shortens (%XX -> one byte, + -> space)
  const std::string decoded = httplib::detail::decode_url(text, true);
  require(decoded.size() <= text.size());
  return 0;
}
