#include "password_hash.hpp"

#include <sodium.h>

#include <stdexcept>

namespace pcu::server {

HashCost HashCost::interactive() { return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE}; }
HashCost HashCost::fast() { return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN}; }

std::string PasswordHasher::hash(std::string_view password) const {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), cost_.ops, cost_.memory) != 0)
    throw std::runtime_error("crypto_pwhash_str failed (out of memory)");
  return out;
}

bool PasswordHasher::verify(const std::string& hash, std::string_view password) const {
  if (hash.empty()) {
    // Spend about the same time as a real check so a missing password is not observable.
    (void)this->hash(password);
    return false;
  }
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

}  // namespace pcu::server
