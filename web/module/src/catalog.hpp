// web/module/src/catalog.hpp: what a UI needs to draw the roles table and the permission
// editor, taken from the core's own tables so the page never keeps a second copy.
#pragma once

#include <array>
#include <string_view>

#include <pcu/pcu.hpp>

namespace pcu::module_api {

namespace detail {
inline json id_title(std::string_view id, std::string_view title) { return {{"id", id}, {"title", title}}; }

// The levels an area or permission allows, "none" first (R-RP2, R-RP3).
template <typename Area>
json allowed_levels(Area area) {
  json levels = json::array();
  for (std::size_t l = 0; l < level_count; ++l)
    if (level_allowed(area, static_cast<Level>(l))) levels.push_back(level_names[l]);
  return levels;
}
}  // namespace detail

// R-RP1: {"owner": {id, title}, "roles": [{id, title}], "features": [{id, title, "owner": cell,
// "roles": {role: cell}}]}; a cell is what the column may do, "" for nothing.
inline json list_roles() {
  json roles = json::array();
  for (std::size_t r = 0; r < role_count; ++r) roles.push_back(detail::id_title(role_names[r], role_titles[r]));
  json features = json::array();
  for (const FeatureRow& row : feature_matrix) {
    json cells = json::object();
    for (std::size_t r = 0; r < role_count; ++r) cells[std::string(role_names[r])] = row.cells[1 + r];
    json feature = detail::id_title(row.id, row.title);
    feature["owner"] = row.cells[0];
    feature["roles"] = std::move(cells);
    features.push_back(std::move(feature));
  }
  return {{"owner", detail::id_title(actor_kind_names[static_cast<std::size_t>(ActorKind::owner)], "Owner")},
          {"roles", std::move(roles)},
          {"features", std::move(features)}};
}

// R-RP2, R-RP3: {"levels": [{id, title}], "account": [{id, title, levels}], "products":
// [{id, title, "permissions": [{id, title, levels}]}]} in the core's order.
inline json list_permission_areas() {
  json levels = json::array();
  for (std::size_t l = 0; l < level_count; ++l) levels.push_back(detail::id_title(level_names[l], level_titles[l]));
  json account = json::array();
  for (std::size_t a = 0; a < account_area_count; ++a) {
    json area = detail::id_title(account_area_names[a], account_area_titles[a]);
    area["levels"] = detail::allowed_levels(static_cast<AccountArea>(a));
    account.push_back(std::move(area));
  }
  json categories = json::array();
  for (std::size_t c = 0; c < product_category_names.size(); ++c) {
    json permissions = json::array();
    for (std::size_t p = 0; p < product_permission_count; ++p) {
      const auto permission = static_cast<ProductPermission>(p);
      if (static_cast<std::size_t>(category_of(permission)) != c) continue;
      json entry = detail::id_title(product_permission_names[p], product_permission_titles[p]);
      entry["levels"] = detail::allowed_levels(permission);
      permissions.push_back(std::move(entry));
    }
    json category = detail::id_title(product_category_names[c], product_category_titles[c]);
    category["permissions"] = std::move(permissions);
    categories.push_back(std::move(category));
  }
  return {{"levels", std::move(levels)}, {"account", std::move(account)}, {"products", std::move(categories)}};
}

}  // namespace pcu::module_api
