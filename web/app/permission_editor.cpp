#include "permission_editor.hpp"

#include <algorithm>
#include <vector>

#include "directory_cache.hpp"
#include "imgui.h"
#include "pcu/access.hpp"
#include "pcu/json.hpp"
#include "pcu/validate.hpp"
#include "shell.hpp"
#include "theme.hpp"
#include "widgets.hpp"

namespace permission_editor {
namespace {

// The levels a cell offers, in order, with their titles.
struct Choices {
  std::vector<pcu::Level> levels;
  std::vector<std::string_view> titles;
  int index_of(pcu::Level l) const {
    const auto it = std::find(levels.begin(), levels.end(), l);
    return it == levels.end() ? 0 : static_cast<int>(it - levels.begin());
  }
};

template <typename Area>
Choices choices_for(Area area) {
  Choices c;
  for (std::size_t i = 0; i < pcu::level_count; ++i) {
    const auto l = static_cast<pcu::Level>(i);
    if (pcu::level_allowed(area, l)) {
      c.levels.push_back(l);
      c.titles.push_back(pcu::level_titles[i]);
    }
  }
  return c;
}

pcu::ProductRow& row_for(pcu::Access& a, std::string_view key) {
  for (auto& r : a.products)
    if (r.key == key) return r;
  a.products.push_back({std::string(key), {}});
  return a.products.back();
}

pcu::Level level_in(const pcu::Access& a, std::string_view key, std::size_t i) {
  const pcu::ProductRow* r = a.row(key);
  return r ? r->levels[i] : pcu::Level::none;
}

void draw_roles(Editor& e) {
  for (std::size_t r = 0; r < pcu::role_count; ++r) {
    const auto role = static_cast<pcu::Role>(r);
    bool on = e.roles.roles.has(role);
    if (ui::checkbox(std::string(pcu::role_titles[r]).c_str(), on)) {
      e.touched = true;
      if (on) e.roles.roles.add(role);
      else e.roles.roles.remove(role);
    }
    if (r + 1 < pcu::role_count) ImGui::SameLine(0, 18);
  }
  if (ImGui::TreeNode("What each role may do")) {
    if (ImGui::BeginTable("##feature_matrix", 1 + 1 + static_cast<int>(pcu::role_count),
                          ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) {
      ImGui::TableSetupColumn("Feature");
      ImGui::TableSetupColumn("Owner");
      for (auto t : pcu::role_titles) ImGui::TableSetupColumn(std::string(t).c_str());
      ImGui::TableHeadersRow();
      for (const auto& row : pcu::feature_matrix) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(row.title.data(), row.title.data() + row.title.size());
        for (auto cell : row.cells) {
          ImGui::TableNextColumn();
          ImGui::TextUnformatted(cell.empty() ? "-" : std::string(cell).c_str());
        }
      }
      ImGui::EndTable();
    }
    ImGui::TreePop();
  }
}

void draw_account_matrix(Editor& e) {
  ImGui::TextUnformatted("Account-level permissions");
  if (!ImGui::BeginTable("##account_matrix", 4, ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingFixedFit)) return;
  for (std::size_t i = 0; i < pcu::account_area_count; ++i) {
    if (i % 2 == 0) ImGui::TableNextRow();
    const auto area = static_cast<pcu::AccountArea>(i);
    const Choices c = choices_for(area);
    ImGui::TableNextColumn();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(pcu::account_area_titles[i].data(),
                           pcu::account_area_titles[i].data() + pcu::account_area_titles[i].size());
    ImGui::TableNextColumn();
    int index = c.index_of(e.custom_access.account[i]);
    const std::string id = "##" + std::string(pcu::account_area_titles[i]) + "@account";
    if (ui::combo(id.c_str(), index, c.titles, 130)) {
      e.custom_access.account[i] = c.levels[static_cast<std::size_t>(index)];
      e.touched = true;
    }
  }
  ImGui::EndTable();
}

void set_all_products(pcu::Access& a, std::size_t i, pcu::Level l) {
  row_for(a, pcu::all_products_key).levels[i] = l;
  // Choosing for All products applies to every product; add-on rows keep their own (R-RP3).
  for (auto& r : a.products)
    if (pcu::parse_product_key(r.key).kind == pcu::ProductKeyKind::product) r.levels[i] = l;
}

void draw_product_matrix(Editor& e) {
  ImGui::TextUnformatted("Product-level permissions");
  const auto& products = directory_cache::products();
  std::vector<std::pair<std::string, std::string>> columns = {{std::string(pcu::all_products_key), "All products"}};
  for (const auto& p : products) {
    columns.push_back({p.id, p.name.empty() ? p.id : p.name});
    columns.push_back({p.id + std::string(pcu::add_ons_suffix), (p.name.empty() ? p.id : p.name) + ": all add-ons"});
  }
  const int column_count = 1 + static_cast<int>(columns.size());
  const float height = ImGui::GetFrameHeightWithSpacing() * 23;
  if (!ImGui::BeginTable("##product_matrix", column_count,
                         ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollX |
                             ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingFixedFit,
                         ImVec2(0, height)))
    return;
  ImGui::TableSetupScrollFreeze(1, 1);
  ImGui::TableSetupColumn("Permission");
  for (const auto& [key, title] : columns) ImGui::TableSetupColumn(title.c_str());
  ImGui::TableHeadersRow();
  int category = -1;
  for (std::size_t i = 0; i < pcu::product_permission_count; ++i) {
    const auto permission = static_cast<pcu::ProductPermission>(i);
    const int cat = static_cast<int>(pcu::category_of(permission));
    if (cat != category) {
      category = cat;
      ImGui::TableNextRow(ImGuiTableRowFlags_None);
      ImGui::TableNextColumn();
      ImGui::TextColored(theme::muted_color(), "%s", std::string(pcu::product_category_titles[static_cast<std::size_t>(cat)]).c_str());
    }
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::AlignTextToFramePadding();
    const std::string title(pcu::product_permission_titles[i]);
    ImGui::Text("  %s", title.c_str());
    const Choices c = choices_for(permission);
    for (const auto& [key, column_title] : columns) {
      ImGui::TableNextColumn();
      const std::string id = "##" + title + "@" + key;
      const bool all = key == pcu::all_products_key;
      // A product without a row of its own has what All products gives it (R-RP3); an add-on
      // row does not inherit, so it shows its own.
      const bool follows_all = !all && !e.custom_access.row(key) &&
                               pcu::parse_product_key(key).kind == pcu::ProductKeyKind::product;
      int index = c.index_of(level_in(e.custom_access, follows_all ? pcu::all_products_key : key, i));
      if (all && pcu::shown_all_products_level(e.custom_access, permission) == pcu::ShownLevel::mixed) index = -1;
      if (ui::combo(id.c_str(), index, c.titles, 120)) {
        const pcu::Level l = c.levels[static_cast<std::size_t>(index)];
        e.touched = true;
        if (all) set_all_products(e.custom_access, i, l);
        else row_for(e.custom_access, key).levels[i] = l;
      }
    }
  }
  ImGui::EndTable();
}

}  // namespace

pcu::Access Editor::access() const {
  if (!custom) {
    pcu::Access a;
    a.roles = roles.roles;
    return a;
  }
  pcu::Access a = custom_access;
  a.roles = {};
  std::erase_if(a.products, [](const pcu::ProductRow& r) {
    return std::all_of(r.levels.begin(), r.levels.end(), [](pcu::Level l) { return l == pcu::Level::none; });
  });
  return a;
}

void Editor::load(const pcu::Access& access) {
  custom = access.roles.empty() && access.has_custom();
  roles = {};
  roles.roles = access.roles;
  custom_access = access;
  custom_access.roles = {};
}

void draw(Editor& e, const api::Call& call, const char* scope) {
  ImGui::PushID(scope);
  ImGui::TextUnformatted("Roles");
  if (ui::radio("Standard roles", !e.custom)) e.custom = false;
  ImGui::SameLine(0, 24);
  if (ui::radio("Customize permissions", e.custom)) e.custom = true;
  ImGui::Spacing();
  if (e.custom) {
    draw_account_matrix(e);
    ImGui::Spacing();
    draw_product_matrix(e);
  } else {
    draw_roles(e);
  }
  shell::problems("access", e.touched ? problems(e) : pcu::Problems{}, call);
  ImGui::PopID();
}

pcu::Problems problems(const Editor& e) { return pcu::validate_access(e.access()); }

std::string summary(const pcu::Access& access) {
  std::string s;
  for (std::size_t r = 0; r < pcu::role_count; ++r)
    if (access.roles.has(static_cast<pcu::Role>(r))) s += (s.empty() ? "" : ", ") + std::string(pcu::role_titles[r]);
  if (s.empty() && access.has_custom()) s = "Custom permissions";
  return s;
}

pcu::Access read_access(const api::json& j) {
  pcu::Access a;
  pcu::Problems ignored;
  if (j.is_object()) pcu::read(j, a, ignored, "access");
  return a;
}

}  // namespace permission_editor
