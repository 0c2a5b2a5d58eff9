#include "account_init.hpp"

#include <stdexcept>

#include <pcu/json.hpp>

#include "tokens.hpp"

namespace pcu::server {

std::string tenant_id_of(const std::string& domain) {
  std::string id = "t-" + domain;
  for (char& c : id)
    if (c == '.') c = '-';
  return id;
}

InitResult initialize_account(Store& store, const PasswordHasher& hasher, std::int64_t now, const InitOptions& o) {
  if (store.initialized()) throw std::runtime_error("this database already holds an account");
  InitResult result;
  result.owner_username = o.owner_alias + "@" + o.domain;
  result.owner_password = o.owner_password.empty() ? temporary_password() : o.owner_password;
  if (o.demo || o.users > 0) result.demo_password = o.demo_password.empty() ? temporary_password() : o.demo_password;
  if (!pcu::validate_password(result.owner_password).empty())
    throw std::runtime_error("the owner password does not meet the password rules (R-PW1)");
  if (!result.demo_password.empty() && !pcu::validate_password(result.demo_password).empty())
    throw std::runtime_error("the demo password does not meet the password rules (R-PW1)");

  // One hash for every demo and seeded user keeps seeding 100,000 users fast.
  const std::string demo_hash = result.demo_password.empty() ? std::string() : hasher.hash(result.demo_password);
  const std::string owner_hash = hasher.hash(result.owner_password);
  const std::string tenant = tenant_id_of(o.domain);
  store.transaction([&] {
    store.insert_tenant({tenant, o.tenant_name, {o.domain}});
    DirectoryUserRow owner;
    owner.id = "u-owner";
    owner.tenant_id = tenant;
    owner.first_name = "Account";
    owner.last_name = "Owner";
    owner.username = result.owner_username;
    owner.global_admin = true;
    owner.password_hash = owner_hash;
    owner.created_at = now;
    store.insert_directory_user(owner);
    AccountUserRow account;
    account.user_id = owner.id;
    account.owner = true;
    account.added_at = now;
    store.insert_account_user(account);
    store.create_account(o.tenant_name + " developer account", owner.id, now);
    store.append_audit({0, now, owner.id, "create_account", owner.id, "null",
                        pcu::json({{"tenant", tenant}, {"owner", result.owner_username}}).dump()});
    if (o.demo) seed_demo(store, demo_hash, now, o.public_url);
    if (o.users > 0) seed_users(store, tenant, o.domain, demo_hash, o.users, now);
  });
  return result;
}

}  // namespace pcu::server
