// Groups (R-GR1): the acting tenant's groups with their members and access; a global
// administrator creates groups (a directory change, R-A4); a group's access counts for each
// member (R-RP6).
#include <string>

#include "api_client.hpp"
#include "directory_cache.hpp"
#include "imgui.h"
#include "pages.hpp"
#include "pcu/json.hpp"
#include "pcu/validate.hpp"
#include "permission_editor.hpp"
#include "registry.hpp"
#include "router.hpp"
#include "session.hpp"
#include "shell.hpp"
#include "theme.hpp"
#include "widgets.hpp"

namespace groups_page {
namespace {

struct State {
  std::uint64_t generation = 0;
  bool creating = false, give_access = false, attempted = false;
  std::string name, description;
  permission_editor::Editor editor;
  api::Call save;
} state;

void list() {
  if (!ImGui::BeginTable("##groups", 4, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp))
    return;
  ImGui::TableSetupColumn("Group", 0, 1.2F);
  ImGui::TableSetupColumn("Description", 0, 2.0F);
  ImGui::TableSetupColumn("Members", 0, 0.5F);
  ImGui::TableSetupColumn("Access", 0, 1.4F);
  ImGui::TableHeadersRow();
  for (const auto& g : directory_cache::groups()) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(g.display_name.c_str());
    ImGui::TableNextColumn();
    ImGui::TextWrapped("%s", g.description.c_str());
    ImGui::TableNextColumn();
    ImGui::Text("%zu", g.members.size());
    ImGui::TableNextColumn();
    const std::string access = g.access.is_null() ? "" : permission_editor::summary(permission_editor::read_access(g.access));
    ImGui::TextUnformatted(access.empty() ? "-" : access.c_str());
    registry::record_message("row", g.display_name + " | " + std::to_string(g.members.size()) + " | " +
                                        (access.empty() ? "-" : access));
  }
  ImGui::EndTable();
}

void create_form() {
  pcu::GroupRequest request{state.name, state.description, {}, std::nullopt};
  if (state.give_access) request.access = state.editor.access();
  pcu::Problems problems = pcu::validate_group(request, directory_cache::facts());
  std::erase_if(problems, [](const pcu::Problem& p) { return p.field == "access" || p.field.starts_with("access."); });
  if (!state.attempted && state.name.empty()) std::erase_if(problems, [](const pcu::Problem& p) { return p.field == "display_name"; });
  ImGui::TextUnformatted("Display name");
  ImGui::SetNextItemWidth(360);
  ui::input_text("##Display name", state.name);
  shell::problems("display_name", problems, state.save);
  ImGui::TextUnformatted("Description");
  ImGui::SetNextItemWidth(360);
  ui::input_text("##Description", state.description);
  shell::problems("description", problems, state.save);
  ui::checkbox("Give the group roles or permissions", state.give_access);
  if (state.give_access) permission_editor::draw(state.editor, state.save);
  shell::call_status(state.save, nullptr);
  if (ui::button("Create group", !state.save.busy)) {
    state.attempted = true;
    state.editor.touched = true;
    const bool access_ok = !state.give_access || permission_editor::problems(state.editor).empty();
    if (problems.empty() && access_ok) {
      pcu::json body = {{"display_name", state.name}, {"description", state.description}};
      if (state.give_access) body["access"] = pcu::access_to_json(state.editor.access());
      api::send(state.save, "POST", "/groups", body, [](const api::Answer&) {
        shell::toast("The group " + state.name + " was created.");
        state.creating = false;
        directory_cache::refresh();
      });
    }
  }
  ImGui::SameLine();
  if (ui::button("Cancel##group")) state.creating = false;
}

}  // namespace

void draw() {
  if (state.generation != router::generation()) {
    state = State{};
    state.generation = router::generation();
    directory_cache::refresh();
  }
  ui::title("Groups");
  ImGui::TextColored(theme::muted_color(), "Members of a group get the group's roles and permissions too.");
  if (session::may(pcu::Action::create_group) && !state.creating) {
    if (ui::button("New group")) {
      state.creating = true;
      state.name.clear();
      state.description.clear();
      state.attempted = false;
      state.save.clear();
    }
  }
  if (state.creating) {
    create_form();
    ImGui::Separator();
  }
  if (shell::call_status(directory_cache::groups_call())) directory_cache::refresh();
  list();
}

}  // namespace groups_page
