// The one-time temporary password (R-UM6, R-UM11): shown once after creating a user or
// resetting a password, with a copy button. The password lives only in this page's memory
// and is forgotten when the person leaves the page.
#include <string>

#include "browser.hpp"
#include "imgui.h"
#include "pages.hpp"
#include "router.hpp"
#include "shell.hpp"
#include "theme.hpp"
#include "widgets.hpp"

namespace temporary_password_page {
namespace {

struct State {
  std::string name, username, password;
  std::uint64_t shown_generation = 0;
} state;

}  // namespace

void show(std::string name, std::string username, std::string password) {
  state = {std::move(name), std::move(username), std::move(password), 0};
  router::navigate("#/users/created");
  state.shown_generation = router::generation();
}

void draw() {
  if (state.shown_generation != router::generation()) state = {};  // came back later: nothing to show
  ui::title("Login info");
  if (state.password.empty()) {
    ImGui::TextWrapped("There is no temporary password to show. A temporary password is shown only once, right after "
                       "a user is created or its password is reset.");
    if (ui::link("Back to Users")) router::navigate("#/users");
    return;
  }
  ImGui::TextWrapped("Give this login info to %s. They must choose a new password when they first sign in.",
                     state.name.c_str());
  ImGui::Spacing();
  if (ImGui::BeginTable("##login", 2, ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_BordersOuter)) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted("Username");
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(state.username.c_str());
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Temporary password");
    ImGui::TableNextColumn();
    ImGui::SetNextItemWidth(300);
    ui::input_text("##Temporary password", state.password, ImGuiInputTextFlags_ReadOnly);
    ImGui::SameLine();
    if (ui::button("Copy password")) {
      browser::copy_to_clipboard(state.password);
      shell::toast("The temporary password was copied.");
    }
    ImGui::EndTable();
  }
  ImGui::Spacing();
  ui::warning_text("Note this password now: it will not be shown again after you leave this page.");
  ImGui::Spacing();
  if (ui::button("Done")) {
    state = {};
    router::navigate("#/users");
  }
}

}  // namespace temporary_password_page
