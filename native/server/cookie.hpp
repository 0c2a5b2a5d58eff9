// cookie.hpp: the value of one cookie in a `Cookie` request header (RFC 6265 section 5.4
// form: `name=value` pairs separated by `;` and optional spaces). Pure and header-only so the
// cookie fuzzer (tests/fuzz/cookie_fuzz.cpp) runs it without the server. Stable surface.
#pragma once

#include <string_view>

namespace pcu::server {

// The value of the first cookie called `name`, or empty when there is none. Never reads
// outside `header`; a malformed pair (no `=`) is skipped.
inline std::string_view cookie_value(std::string_view header, std::string_view name) {
  std::string_view rest = header;
  while (!rest.empty()) {
    const auto end = rest.find(';');
    std::string_view item = rest.substr(0, end);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    if (item.size() > name.size() && item.substr(0, name.size()) == name && item[name.size()] == '=')
      return item.substr(name.size() + 1);
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
  return {};
}

}  // namespace pcu::server
