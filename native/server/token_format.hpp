// token_format.hpp: the shape of the secrets the server hands out (tokens.hpp: 32 random bytes
// in base64url without padding = 43 characters) checked before any lookup, so a link that was
// cut, padded or made up is refused without touching the store. Pure and header-only for the
// token fuzzer (tests/fuzz/token_fuzz.cpp). Stable surface.
#pragma once

#include <cstddef>
#include <string_view>

namespace pcu::server {

inline constexpr std::size_t token_length = 43;  // ceil(32 * 8 / 6)

// The index of `c` in the base64url alphabet, or -1.
inline constexpr int base64url_index(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}

// True when `token` is what random_token() can produce: 43 base64url characters whose last
// one carries no bits beyond the 256 (its two low bits are zero).
inline constexpr bool token_well_formed(std::string_view token) {
  if (token.size() != token_length) return false;
  for (char c : token)
    if (base64url_index(c) < 0) return false;
  return base64url_index(token.back()) % 4 == 0;
}

}  // namespace pcu::server
