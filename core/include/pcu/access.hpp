// pcu/access.hpp: public and stable. Standard roles and their feature matrix (R-RP1), the
// levels each permission area allows (R-RP2, R-RP3), product keys, effective permissions as
// a union (R-RP6), the product reach of roles (R-RP5) and the Mixed display value (R-RP7).
//
// Sections: feature matrix · allowed levels · product keys · effective levels (no allocation)
//           · effective permissions (a table) · Mixed
#pragma once

#include <algorithm>
#include <array>
#include <string_view>

#include "limits.hpp"
#include "model.hpp"

namespace pcu {

// ---- feature matrix (R-RP1) -----------------------------------------------------------

// One row of the standard-role matrix: what each column may do ("" for nothing).
// Columns: Owner, then the roles in Role order.
struct FeatureRow {
  std::string_view id;
  std::string_view title;
  std::array<std::string_view, 1 + role_count> cells;
};

inline constexpr std::array<FeatureRow, 9> feature_matrix = {{
    {"manage_account_users", "Manage account users", {"yes", "yes", "", "", "", ""}},
    {"account_settings", "Account settings", {"change", "change (not payout/tax)", "", "", "", ""}},
    {"apps", "Create, upload and submit apps, add-ons, packages", {"yes", "yes", "yes", "", "", ""}},
    {"acquisitions_report", "Acquisitions report", {"view", "view", "", "", "view", ""}},
    {"feedback", "Feedback report, respond to feedback",
     {"view, respond", "view, respond", "view, respond", "", "", "view, respond"}},
    {"health_report", "Health report", {"view", "view", "view", "view", "", ""}},
    {"usage_report", "Usage report", {"view", "view", "view", "view", "", ""}},
    {"payout_and_tax", "Payout account, tax profile", {"update", "", "", "", "update", ""}},
    {"payout_summary", "Payout summary", {"view", "", "", "", "view", ""}},
}};

// The roles that hold a feature of the matrix (a non-empty cell).
constexpr RoleSet roles_with_feature(std::string_view feature_id) {
  RoleSet s;
  for (const auto& row : feature_matrix)
    if (row.id == feature_id)
      for (std::size_t r = 0; r < role_count; ++r)
        if (!row.cells[1 + r].empty()) s.add(static_cast<Role>(r));
  return s;
}

// ---- allowed levels (R-RP2, R-RP3) ----------------------------------------------------

enum class ProductCategory : std::uint8_t { analytics, monetization, publishing };
inline constexpr std::array<std::string_view, 3> product_category_names = {"analytics", "monetization",
                                                                           "publishing"};
inline constexpr std::array<std::string_view, 3> product_category_titles = {"Analytics", "Monetization",
                                                                            "Publishing"};

constexpr ProductCategory category_of(ProductPermission p) {
  const auto i = static_cast<unsigned>(p);
  if (i <= static_cast<unsigned>(ProductPermission::customer_feedback)) return ProductCategory::analytics;
  if (i <= static_cast<unsigned>(ProductPermission::experimentation)) return ProductCategory::monetization;
  return ProductCategory::publishing;
}

// "No access" is always allowed; otherwise each area has its own levels.
constexpr bool level_allowed(AccountArea area, Level level) {
  if (level == Level::none) return true;
  if (area == AccountArea::payout_summary) return level == Level::read;
  if (area == AccountArea::ticketing_administrator) return level == Level::read_write;
  return true;
}
constexpr bool level_allowed(ProductPermission permission, Level level) {
  if (level == Level::none) return true;
  if (category_of(permission) == ProductCategory::analytics) return level == Level::read;
  return true;
}

// ---- product keys ---------------------------------------------------------------------

enum class ProductKeyKind : std::uint8_t { all_products, product, add_ons, invalid };
struct ProductKey {
  ProductKeyKind kind = ProductKeyKind::invalid;
  std::string_view product;  // the product id for `product` and `add_ons`
};

constexpr bool is_product_id(std::string_view id) {
  if (id.empty() || id.size() > limits::product_id_max) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

// "*" is All products; "ID" a product; "ID/add-ons" that product's All add-ons row.
constexpr ProductKey parse_product_key(std::string_view key) {
  if (key == all_products_key) return {ProductKeyKind::all_products, {}};
  if (key.size() > add_ons_suffix.size() && key.ends_with(add_ons_suffix)) {
    const auto id = key.substr(0, key.size() - add_ons_suffix.size());
    if (is_product_id(id)) return {ProductKeyKind::add_ons, id};
    return {};
  }
  if (is_product_id(key)) return {ProductKeyKind::product, key};
  return {};
}

// ---- effective levels, without allocating (R-RP5, R-RP6) ------------------------------

constexpr Level max_level(Level a, Level b) { return a < b ? b : a; }

// The union of the actor's own roles and its groups' roles.
inline RoleSet effective_roles(const Actor& actor) {
  RoleSet s = actor.access.roles;
  for (const auto& g : actor.groups) s.bits = static_cast<std::uint8_t>(s.bits | g.access.roles.bits);
  return s;
}

inline Level effective_level(const Actor& actor, AccountArea area) {
  const auto i = static_cast<std::size_t>(area);
  Level l = actor.access.account[i];
  for (const auto& g : actor.groups) l = max_level(l, g.access.account[i]);
  return l;
}

// The level one access gives on a product resource. A product is reached through the
// All-products row and its own row; an add-on row ("ID/add-ons") only through itself,
// since add-ons do not inherit their parent's settings (R-RP3). An empty resource means
// "every product" and is reached through the All-products row alone.
inline Level product_level(const Access& access, ProductPermission permission, std::string_view resource,
                           bool resource_is_add_ons) {
  const auto i = static_cast<std::size_t>(permission);
  Level l = Level::none;
  for (const auto& row : access.products) {
    const bool reaches = resource_is_add_ons
                             ? row.key == resource
                             : (row.key == all_products_key || (!resource.empty() && row.key == resource));
    if (reaches) l = max_level(l, row.levels[i]);
  }
  return l;
}

inline Level effective_level(const Actor& actor, ProductPermission permission, std::string_view resource,
                             bool add_ons) {
  Level l = product_level(actor.access, permission, resource, add_ons);
  for (const auto& g : actor.groups) l = max_level(l, product_level(g.access, permission, resource, add_ons));
  return l;
}

inline Level effective_level(const Actor& actor, ProductPermission permission, std::string_view resource) {
  return effective_level(actor, permission, resource, parse_product_key(resource).kind == ProductKeyKind::add_ons);
}

// Roles whose holders reach every product whatever their custom permissions (R-RP5).
inline constexpr RoleSet every_product_roles = roles_of({Role::manager, Role::developer});

// ---- effective permissions as a table (R-RP6) -----------------------------------------

struct EffectivePermissions {
  bool owner = false;
  RoleSet roles;
  AccountLevels account{};
  std::vector<ProductRow> products;  // one row per key found in the user's or its groups' access
  bool every_product = false;        // R-RP5: owner, Manager or Developer
};

inline void merge_access(EffectivePermissions& into, const Access& access) {
  into.roles.bits = static_cast<std::uint8_t>(into.roles.bits | access.roles.bits);
  for (std::size_t i = 0; i < account_area_count; ++i) into.account[i] = max_level(into.account[i], access.account[i]);
  for (const auto& row : access.products) {
    auto it = std::find_if(into.products.begin(), into.products.end(),
                           [&](const ProductRow& r) { return r.key == row.key; });
    if (it == into.products.end()) {
      into.products.push_back(row);
      continue;
    }
    for (std::size_t i = 0; i < product_permission_count; ++i) it->levels[i] = max_level(it->levels[i], row.levels[i]);
  }
}

inline EffectivePermissions effective_permissions(const Actor& actor) {
  EffectivePermissions e;
  if (actor.kind == ActorKind::owner) {
    e.owner = true;
    e.every_product = true;
    e.account.fill(Level::read_write);
    e.account[static_cast<std::size_t>(AccountArea::payout_summary)] = Level::read;
    return e;
  }
  merge_access(e, actor.access);
  for (const auto& g : actor.groups) merge_access(e, g.access);
  e.every_product = e.roles.any_of(every_product_roles);
  std::stable_sort(e.products.begin(), e.products.end(),
                   [](const ProductRow& a, const ProductRow& b) {
                     const bool a_all = a.key == all_products_key, b_all = b.key == all_products_key;
                     if (a_all != b_all) return a_all;
                     return a.key < b.key;
                   });
  return e;
}

// R-A3, R-UM16: whether an actor manages account users (the owner, Manager, or Account users
// read/write), by its own access or through a group's.
inline bool manages_users(const Actor& actor) {
  if (actor.kind == ActorKind::owner) return true;
  const EffectivePermissions e = effective_permissions(actor);
  return e.roles.has(Role::manager) ||
         e.account[static_cast<std::size_t>(AccountArea::account_users)] == Level::read_write;
}

// ---- Mixed (R-RP7) --------------------------------------------------------------------

// What the All-products row shows for one permission: its level, or Mixed when a
// per-product row says otherwise. Mixed is a display value only; no access can hold it.
enum class ShownLevel : std::uint8_t { none, read, read_write, mixed };
inline constexpr std::array<std::string_view, 4> shown_level_names = {"none", "read", "read_write", "mixed"};

inline ShownLevel shown_all_products_level(const Access& access, ProductPermission permission) {
  const auto i = static_cast<std::size_t>(permission);
  const ProductRow* all = access.row(all_products_key);
  const Level base = all ? all->levels[i] : Level::none;
  for (const auto& row : access.products) {
    if (parse_product_key(row.key).kind != ProductKeyKind::product) continue;
    if (row.levels[i] != base) return ShownLevel::mixed;
  }
  return static_cast<ShownLevel>(base);
}

}  // namespace pcu
