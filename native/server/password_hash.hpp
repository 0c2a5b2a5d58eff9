// password_hash.hpp: argon2id password hashes (libsodium crypto_pwhash_str). The cost is
// configurable: `fast` (libsodium's minimum) is for tests and benchmark seeding only.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace pcu::server {

struct HashCost {
  unsigned long long ops = 0;
  std::size_t memory = 0;
  static HashCost interactive();
  static HashCost fast();  // tests only: --fast-hash
};

class PasswordHasher {
 public:
  explicit PasswordHasher(HashCost cost) : cost_(cost) {}
  std::string hash(std::string_view password) const;
  // False for an empty hash (a user who has no password yet), without revealing that.
  bool verify(const std::string& hash, std::string_view password) const;

 private:
  HashCost cost_;
};

}  // namespace pcu::server
