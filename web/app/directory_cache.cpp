#include "directory_cache.hpp"

namespace directory_cache {
namespace {

std::vector<Product> product_list;
std::vector<Group> group_list;
std::vector<Tenant> tenant_list;

struct KnownFacts final : pcu::TenantFacts {
  std::vector<std::string> domains;
  bool domains_known = false;
  bool domain_verified(std::string_view d) const override {
    return !domains_known || pcu::TenantSnapshot::contains(domains, d, true);
  }
  bool username_taken(std::string_view) const override { return false; }
  bool group_exists(std::string_view g) const override;
  bool directory_user_exists(std::string_view) const override { return true; }
  bool is_account_user(std::string_view) const override { return false; }
  bool email_in_use(std::string_view) const override { return false; }
} known;
api::Call tenants_request;

api::Call products_request, groups_request;

bool KnownFacts::group_exists(std::string_view g) const {
  for (const auto& group : group_list)
    if (group.id == g || group.display_name == g) return true;
  return false;
}

}  // namespace

const pcu::TenantFacts& facts() { return known; }

void refresh() {
  api::send(tenants_request, "GET", "/tenants", nullptr, [](const api::Answer& a) {
    tenant_list.clear();
    for (const auto& t : a.body.value("tenants", api::json::array())) {
      tenant_list.push_back({t.value("id", ""), t.value("name", ""), t.value("acting", false)});
      if (t.value("acting", false)) {
        known.domains = t.value("domains", std::vector<std::string>{});
        known.domains_known = true;
      }
    }
  });
  api::send(products_request, "GET", "/products", nullptr, [](const api::Answer& a) {
    product_list.clear();
    for (const auto& p : a.body.value("products", api::json::array()))
      product_list.push_back({p.value("id", ""), p.value("name", "")});
  });
  api::send(groups_request, "GET", "/groups", nullptr, [](const api::Answer& a) {
    group_list.clear();
    for (const auto& g : a.body.value("groups", api::json::array()))
      group_list.push_back({g.value("id", ""), g.value("display_name", ""), g.value("description", ""),
                            g.value("members", std::vector<std::string>{}), g.value("access", api::json())});
  });
}

const std::vector<Product>& products() { return product_list; }
const std::vector<Tenant>& tenants() { return tenant_list; }
const std::vector<Group>& groups() { return group_list; }

std::string group_name(std::string_view id) {
  for (const auto& g : group_list)
    if (g.id == id) return g.display_name;
  return std::string(id);
}

api::Call& products_call() { return products_request; }
api::Call& groups_call() { return groups_request; }

}  // namespace directory_cache
