// tokens.hpp: random secrets. Session and invitation tokens are 32 random bytes in base64url
// and are stored only as SHA-256 hashes; temporary passwords (R-UM6) are random and meet R-PW1.
#pragma once

#include <string>
#include <string_view>

namespace pcu::server {

std::string random_token();                        // 32 bytes, base64url without padding
std::string token_hash(std::string_view token);    // SHA-256, lowercase hex
std::string random_id(std::string_view prefix);    // prefix + 20 hex digits: milliseconds, then random
std::string temporary_password();                  // R-UM6: limits::temp_password_length, meets R-PW1

}  // namespace pcu::server
