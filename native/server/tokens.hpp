// tokens.hpp: random secrets. Session and invitation tokens are 32 random bytes in base64url
// and are stored only as SHA-256 hashes; temporary passwords (R-UM6) are random and meet R-PW1.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace pcu::server {

std::string random_token();                        // 32 bytes, base64url without padding
std::string token_hash(std::string_view token);    // SHA-256, lowercase hex

// Invitation links: 32 bytes as random_token(), of which the first 6 are the milliseconds of
// now and 26 (208 bits) random. Stored as ordered_token_key(): the time in its first 8
// characters as 12 hex digits (no secret), then the token's hash, so new keys land at the
// right edge of the index.
inline constexpr std::size_t ordered_token_time_length = 8;  // 6 bytes in base64url
std::string ordered_token();
std::string ordered_token_key(std::string_view token);
std::string random_id(std::string_view prefix);    // prefix + 20 hex digits: milliseconds, then random
std::string temporary_password();                  // R-UM6: limits::temp_password_length, meets R-PW1

}  // namespace pcu::server
