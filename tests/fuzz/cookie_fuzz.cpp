// libFuzzer target for the server's Cookie header parsing (native/server/cookie.hpp, used by
// session.cpp for the session token): any header gives a value that lies inside the header,
// holds no ';', and follows "NAME=" there; or nothing. A broken invariant traps.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "cookie.hpp"

namespace {

void require(bool condition) {
  if (!condition) __builtin_trap();
}

void check(std::string_view header, std::string_view name) {
  const std::string_view value = pcu::server::cookie_value(header, name);
  if (value.empty()) return;
  require(value.data() >= header.data() && value.data() + value.size() <= header.data() + header.size());
  require(value.find(';') == std::string_view::npos);
  const auto start = static_cast<std::size_t>(value.data() - header.data());
  require(start > name.size() && header[start - 1] == '=' && header.substr(start - 1 - name.size(), name.size()) == name);
  // The pair starts the header or follows "; " / ";".
  const std::size_t pair = start - 1 - name.size();
  std::size_t before = pair;
  while (before > 0 && header[before - 1] == ' ') --before;
  require(before == 0 || header[before - 1] == ';');
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view header(reinterpret_cast<const char*>(data), size);
  check(header, "pcu_session");
  // The first byte also picks a name from the input itself, so odd names are tried too.
  if (size > 1) check(header.substr(1), header.substr(1, data[0] % 16));
  return 0;
}
