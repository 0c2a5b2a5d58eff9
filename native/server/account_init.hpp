// account_init.hpp: `pcu-server init`: the account, its owner and a first tenant; with
// --demo a demo tenant example.org; with --users N, N more users for benchmarks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "password_hash.hpp"
#include "store.hpp"

namespace pcu::server {

struct InitOptions {
  std::string domain = "example.org";  // the first tenant's verified domain
  std::string tenant_name = "Example";
  std::string owner_alias = "owner";
  std::string owner_password;          // empty: generated and printed once
  bool demo = false;
  std::string demo_password;           // every demo and seeded user's; empty: generated
  std::size_t users = 0;               // extra directory + account users (benchmarks)
  std::string public_url = "http://127.0.0.1:8080";
};

struct InitResult {
  std::string owner_username;
  std::string owner_password;
  std::string demo_password;  // empty without --demo and --users
};

// Creates everything in one transaction; refuses a database that already has an account.
InitResult initialize_account(Store& store, const PasswordHasher& hasher, std::int64_t now, const InitOptions& options);

// The tenant id of a domain: "example.org" -> "t-example-org".
std::string tenant_id_of(const std::string& domain);

// demo_seed.cpp
void seed_demo(Store& store, const std::string& password_hash, std::int64_t now, const std::string& public_url);
void seed_users(Store& store, const std::string& tenant_id, const std::string& domain, const std::string& password_hash,
                std::size_t count, std::int64_t now);

}  // namespace pcu::server
