// libFuzzer target for the invitation and recovery token check (native/server/token_format.hpp):
// a string passes exactly when libsodium decodes it as base64url without padding to the 32
// bytes random_token() encodes, and encoding those bytes again gives the same string (one
// spelling per token). A broken invariant traps. Found here: libsodium decodes some non-ASCII
// bytes as digits (corpus non_ascii_sodium_accepts; the server's check refuses them, see
// SessionSecurity.MalformedLinkTokensAreRefusedBeforeAnyLookup).
#include <sodium.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "token_format.hpp"

namespace {

void require(bool condition) {
  if (!condition) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view token(reinterpret_cast<const char*>(data), size);
  const bool ok = pcu::server::token_well_formed(token);
  std::array<unsigned char, 64> bin{};
  std::size_t bin_len = 0;
  const char* end = nullptr;
  const bool decoded = sodium_base642bin(bin.data(), bin.size(), token.data(), token.size(), nullptr, &bin_len, &end,
                                         sodium_base64_VARIANT_URLSAFE_NO_PADDING) == 0 &&
                       end == token.data() + token.size();
  // libsodium 1.0.18 maps some bytes >= 0x80 to base64 digits (it reads them as negative
  // chars), so it is the oracle for ASCII input only; the check refuses anything else.
  bool ascii = true;
  for (char c : token) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
  if (!ascii) {
    require(!ok);
    return 0;
  }
  require(ok == (decoded && bin_len == 32));
  if (ok) {
    char again[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
    sodium_bin2base64(again, sizeof again, bin.data(), 32, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    require(std::strlen(again) == token.size() && token == again);
  }
  return 0;
}
