// directory_cache.hpp: the acting tenant's domains and groups and the account's products, read
// once per visit of
// a page that needs them (pickers, the product-level matrix, the Users table's group names).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "api_client.hpp"
#include "pcu/validate.hpp"

namespace directory_cache {

struct Product {
  std::string id, name;
};
struct Tenant {
  std::string id, name;
  bool acting = false;
};
struct Group {
  std::string id, display_name, description;
  std::vector<std::string> members;
  api::json access;  // null when the group holds none
};

// What the console knows of the acting tenant, for the core's instant checks: verified
// domains and groups. Whatever it cannot know (usernames taken) it leaves to the server.
const pcu::TenantFacts& facts();

// Starts reading the lists again (pages call it when they open).
void refresh();
const std::vector<Product>& products();
// The tenants linked to the account (the owner picks the acting one, R-A5).
const std::vector<Tenant>& tenants();
const std::vector<Group>& groups();
std::string group_name(std::string_view id);
api::Call& products_call();
api::Call& groups_call();

}  // namespace directory_cache
