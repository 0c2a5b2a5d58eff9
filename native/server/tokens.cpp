#include "tokens.hpp"

#include <sodium.h>

#include <array>
#include <chrono>
#include <cstdint>

#include <pcu/limits.hpp>
#include <pcu/validate.hpp>

namespace pcu::server {

namespace {
// Writes the milliseconds of now, big-endian, into out[0..5]. Ids and ordered tokens start
// with them, so the ones made one after another sort together: a new row lands at the right
// edge of every index keyed by them instead of on a random page (each random page is a page
// read and a page written to the WAL at commit).
void put_now_ms(unsigned char* out) {
  const auto ms = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count());
  for (int i = 0; i < 6; ++i) out[i] = static_cast<unsigned char>(ms >> (40 - 8 * i));
}

std::string base64url(const std::array<unsigned char, 32>& bytes) {
  char out[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(out, sizeof out, bytes.data(), bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return out;
}
}  // namespace

std::string random_token() {
  std::array<unsigned char, 32> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  return base64url(bytes);
}

std::string ordered_token() {
  std::array<unsigned char, 32> bytes{};
  put_now_ms(bytes.data());
  randombytes_buf(bytes.data() + 6, bytes.size() - 6);
  return base64url(bytes);
}

std::string token_hash(std::string_view token) {
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(token.data()), token.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest.data(), digest.size());
  return hex;
}

std::string ordered_token_key(std::string_view token) {
  // base64url's alphabet does not sort in ASCII order ('6' < 'P' but 58 > 15), so the time
  // is stored as hex: 12 digits that sort as the milliseconds do.
  std::array<unsigned char, 6> ms{};
  std::size_t decoded = 0;
  const bool has_time = token.size() >= ordered_token_time_length &&
                        sodium_base642bin(ms.data(), ms.size(), token.data(), ordered_token_time_length, nullptr,
                                          &decoded, nullptr, sodium_base64_VARIANT_URLSAFE_NO_PADDING) == 0 &&
                        decoded == ms.size();
  if (!has_time) return token_hash(token);  // not an ordered token: its hash alone, as links were stored before
  char hex[ms.size() * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, ms.data(), ms.size());
  return hex + token_hash(token);
}

std::string random_id(std::string_view prefix) {
  // The random half keeps ids unguessable enough to not be enumerable; they are not secrets
  // (tokens are).
  std::array<unsigned char, 10> bytes{};
  put_now_ms(bytes.data());
  randombytes_buf(bytes.data() + 6, 4);
  char hex[21];
  sodium_bin2hex(hex, sizeof hex, bytes.data(), bytes.size());
  return std::string(prefix) + hex;
}

std::string temporary_password() {
  // Printable ASCII without space and without look-alikes (0/O, 1/l/I) for reading aloud.
  static constexpr std::string_view alphabet =
      "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!#$%&*+-=?@^_~";
  while (true) {
    std::string password(pcu::limits::temp_password_length, ' ');
    for (char& c : password)
      c = alphabet[randombytes_uniform(static_cast<std::uint32_t>(alphabet.size()))];
    if (pcu::validate_password(password).empty()) return password;  // the core decides R-PW1
  }
}

}  // namespace pcu::server
