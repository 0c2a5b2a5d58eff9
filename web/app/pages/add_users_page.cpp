// Add users (R-UM1, R-UM3..R-UM8): pick existing directory users, create new users, or invite
// outside users. Creating and inviting change the directory and are offered only to whom the
// server allows them (R-A4). Typing is checked at once by the core; the server decides again.
#include <algorithm>
#include <string>
#include <vector>

#include "api_client.hpp"
#include "browser.hpp"
#include "directory_cache.hpp"
#include "imgui.h"
#include "pages.hpp"
#include "pcu/email.hpp"
#include "pcu/json.hpp"
#include "pcu/validate.hpp"
#include "permission_editor.hpp"
#include "router.hpp"
#include "session.hpp"
#include "shell.hpp"
#include "theme.hpp"
#include "widgets.hpp"

namespace add_users_page {
namespace {

constexpr double search_delay_ms = 250;

struct Candidate {
  std::string id, name, username, type;
  bool account_user = false;
};

struct Existing {
  std::string search, queried = "\x01";
  double changed_at = 0;
  std::vector<Candidate> found;
  std::vector<Candidate> chosen;
  api::Call lookup;
};

struct Create {
  std::string first_name, last_name, username, recovery_email;
  bool global_admin = false;
  std::vector<std::string> groups;
  bool attempted = false;
};

struct Invite {
  std::string text;
  bool attempted = false;
};

struct State {
  std::uint64_t generation = 0;
  Existing existing;
  Create create;
  Invite invite;
  permission_editor::Editor editor;
  api::Call save;
} state;

bool chosen(const std::string& id) {
  return std::any_of(state.existing.chosen.begin(), state.existing.chosen.end(),
                     [&](const Candidate& c) { return c.id == id; });
}

// ---- pick existing (R-UM1) ----------------------------------------------------------------

void look_up() {
  Existing& e = state.existing;
  e.queried = e.search;
  api::send(e.lookup, "GET", "/directory/users?limit=50&search=" + api::encode(e.search), nullptr,
            [](const api::Answer& a) {
              state.existing.found.clear();
              for (const auto& u : a.body.value("users", api::json::array()))
                state.existing.found.push_back({u.value("id", ""), u.value("first_name", "") + " " + u.value("last_name", ""),
                                                u.value("username", ""), u.value("type", ""),
                                                u.value("account_user", false)});
            });
}

void draw_existing() {
  Existing& e = state.existing;
  ImGui::TextWrapped("Choose one or more users of your directory. All chosen users get the same roles or permissions.");
  ImGui::SetNextItemWidth(360);
  if (ui::input_text("##Search directory", e.search, 0, "Search by name or username")) e.changed_at = browser::now_ms();
  if (e.search != e.queried && browser::now_ms() - e.changed_at > search_delay_ms) look_up();
  if (shell::call_status(e.lookup)) look_up();
  shell::problems("search", {}, e.lookup);
  if (ImGui::BeginTable("##directory", 3, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY,
                        ImVec2(0, 300))) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Name");
    ImGui::TableSetupColumn("Username");
    ImGui::TableSetupColumn("Type");
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(e.found.size()));
    while (clipper.Step())
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        const Candidate& c = e.found[static_cast<std::size_t>(i)];
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        bool on = chosen(c.id);
        const std::string id = ui::label(c.name, "pick " + c.id);
        if (c.account_user) {
          ui::checkbox(id.c_str(), on, false);
        } else if (ui::checkbox(id.c_str(), on)) {
          if (on) e.chosen.push_back(c);
          else std::erase_if(e.chosen, [&](const Candidate& x) { return x.id == c.id; });
        }
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(c.username.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(c.account_user ? "already added" : (c.type == "guest" ? "Guest" : "Member"));
      }
    ImGui::EndTable();
  }
  ImGui::Text("Chosen: %zu", e.chosen.size());
  for (std::size_t i = 0; i < e.chosen.size(); ++i) {
    ImGui::SameLine();
    const std::string id = ui::label(e.chosen[i].name + "  x", "unpick " + e.chosen[i].id);
    if (ui::small_button(id.c_str())) {
      e.chosen.erase(e.chosen.begin() + static_cast<std::ptrdiff_t>(i));
      break;
    }
  }
  shell::problems("user_ids", {}, state.save);
}

pcu::json existing_request() {
  pcu::json ids = pcu::json::array();
  for (const auto& c : state.existing.chosen) ids.push_back(c.id);
  return {{"user_ids", ids}, {"access", pcu::access_to_json(state.editor.access())}};
}

// ---- create new (R-UM3..R-UM6) --------------------------------------------------------------

pcu::CreateUserRequest create_request() {
  const Create& c = state.create;
  return {c.first_name, c.last_name, c.username, c.global_admin, c.recovery_email, c.groups, state.editor.access()};
}

// Problems of the fields the person typed in, or of all of them after Save.
pcu::Problems create_problems() {
  pcu::Problems all = pcu::validate_create_user(create_request(), directory_cache::facts());
  const Create& c = state.create;
  std::erase_if(all, [&](const pcu::Problem& p) {
    if (c.attempted) return false;
    if (p.field == "first_name") return c.first_name.empty();
    if (p.field == "last_name") return c.last_name.empty();
    if (p.field == "username") return c.username.empty();
    if (p.field == "recovery_email") return c.recovery_email.empty();
    return p.field == "access";  // the editor shows its own
  });
  std::erase_if(all, [](const pcu::Problem& p) { return p.field == "access"; });
  return all;
}

void field(const char* title, const char* id, std::string& value, const char* key, const pcu::Problems& problems,
           const char* hint = nullptr) {
  ImGui::TextUnformatted(title);
  ImGui::SetNextItemWidth(360);
  ui::input_text(id, value, 0, hint);
  shell::problems(key, problems, state.save);
}

void draw_create() {
  Create& c = state.create;
  const pcu::Problems problems = create_problems();
  field("First name", "##First name", c.first_name, "first_name", problems);
  field("Last name", "##Last name", c.last_name, "last_name", problems);
  field("Username", "##Username", c.username, "username", problems, "alias@example.org");
  ui::checkbox("Make this user a global administrator in your directory, with full control over all directory "
               "resources##global_admin",
               c.global_admin);
  // R-UM12: any user may have one (for "Forgot your password?"); a global administrator must.
  field(c.global_admin ? "Password recovery email" : "Password recovery email (optional)", "##Password recovery email",
        c.recovery_email, "recovery_email", problems, "name@example.com");
  ImGui::TextUnformatted("Group membership");
  if (directory_cache::groups().empty()) ImGui::TextDisabled("This tenant has no groups.");
  for (const auto& g : directory_cache::groups()) {
    bool on = std::find(c.groups.begin(), c.groups.end(), g.id) != c.groups.end();
    if (ui::checkbox(ui::label(g.display_name, "group " + g.id).c_str(), on)) {
      if (on) c.groups.push_back(g.id);
      else std::erase(c.groups, g.id);
    }
    ImGui::SameLine(0, 16);
  }
  ImGui::NewLine();
  shell::problems("groups", problems, state.save);
}

pcu::json create_request_json() {
  const Create& c = state.create;
  pcu::json j = {{"first_name", c.first_name},
                 {"last_name", c.last_name},
                 {"username", c.username},
                 {"global_admin", c.global_admin},
                 {"groups", c.groups},
                 {"access", pcu::access_to_json(state.editor.access())}};
  if (!c.recovery_email.empty()) j["recovery_email"] = c.recovery_email;
  return j;
}

// ---- invite outside users (R-UM7, R-UM8) ----------------------------------------------------

void draw_invite() {
  Invite& v = state.invite;
  ImGui::TextWrapped("Enter up to %zu email addresses, separated by commas or semicolons. A pasted \"Name\" <address> "
                     "counts as one. Each person gets an email invitation and becomes a guest user of your directory.",
                     pcu::limits::max_invites);
  ui::input_multiline("##Email addresses", v.text, ImVec2(-1, ImGui::GetTextLineHeight() * 5));
  if (!v.text.empty() || v.attempted) {
    const pcu::InviteList list = pcu::parse_invite_list(v.text);
    std::size_t items = list.addresses.size();
    for (const auto& p : list.problems) items = std::max(items, p.position);
    if (items > pcu::limits::max_invites)
      ui::error_text(std::to_string(items) + " addresses: at most " + std::to_string(pcu::limits::max_invites), "text");
    else if (list.ok())
      ui::success_text(std::to_string(items) + (items == 1 ? " address" : " addresses") + " ready to invite");
    for (const auto& p : list.problems)
      if (p.code != pcu::invite_code::limit_exceeded) ui::error_text(p.message, "text");
  }
  shell::problems("text", {}, state.save);
  ImGui::TextColored(theme::muted_color(),
                     "Guests cannot associate apps with the Store or create packages to upload, whatever their roles.");
}

// ---- saving ---------------------------------------------------------------------------------

void save(std::string_view way) {
  state.editor.touched = true;
  if (way == "new") {
    state.create.attempted = true;
    if (!pcu::validate_create_user(create_request(), directory_cache::facts()).empty()) return;
    api::send(state.save, "POST", "/directory/users", create_request_json(), [](const api::Answer& a) {
      const auto& u = a.body.value("user", api::json::object());
      temporary_password_page::show(u.value("first_name", "") + " " + u.value("last_name", ""), u.value("username", ""),
                                    a.body.value("temporary_password", ""));
    });
  } else if (way == "invite") {
    state.invite.attempted = true;
    if (!pcu::parse_invite_list(state.invite.text).ok() || !permission_editor::problems(state.editor).empty()) return;
    api::send(state.save, "POST", "/invitations",
              {{"text", state.invite.text}, {"access", pcu::access_to_json(state.editor.access())}},
              [](const api::Answer& a) {
                const auto n = a.body.value("invitations", api::json::array()).size();
                shell::toast(std::to_string(n) + (n == 1 ? " invitation was sent." : " invitations were sent."));
                router::navigate("#/users");
              });
  } else {
    if (state.existing.chosen.empty() || !permission_editor::problems(state.editor).empty()) return;
    api::send(state.save, "POST", "/users", existing_request(), [](const api::Answer& a) {
      const auto n = a.body.value("users", api::json::array()).size();
      shell::toast(std::to_string(n) + (n == 1 ? " user was added." : " users were added."));
      router::navigate("#/users");
    });
  }
}

}  // namespace

void draw(std::string_view way) {
  if (state.generation != router::generation()) {
    // Another way of the same visit (draw runs every frame of the page, so a change of one
    // generation that stayed on this page is a tab switch); anything else is a new visit.
    const bool same_visit = state.generation != 0 && router::generation() == state.generation + 1 &&
                            router::moved_within_page();
    state.generation = router::generation();
    state.save.clear();
    if (!same_visit) {
      state = State{};
      state.generation = router::generation();
      directory_cache::refresh();
    }
    if (way == "existing") look_up();
  }
  const bool may_create = session::may(pcu::Action::create_user);
  const bool may_invite = session::may(pcu::Action::invite_users);
  if (ui::link("< Users")) router::navigate("#/users");
  ui::title("Add users");
  if (may_create || may_invite) {
    if (ui::radio("Add existing users", way == "existing")) router::navigate("#/users/add/existing");
    if (may_create) {
      ImGui::SameLine(0, 24);
      if (ui::radio("Create new users", way == "new")) router::navigate("#/users/add/new");
    }
    if (may_invite) {
      ImGui::SameLine(0, 24);
      if (ui::radio("Invite outside users", way == "invite")) router::navigate("#/users/add/invite");
    }
    ImGui::Separator();
  }
  if ((way == "new" && !may_create) || (way == "invite" && !may_invite)) {
    ui::error_text("Only a global administrator of this directory can do this.");
    return;
  }
  if (way == "new") draw_create();
  else if (way == "invite") draw_invite();
  else draw_existing();
  ImGui::Spacing();
  permission_editor::draw(state.editor, state.save);
  ImGui::Spacing();
  shell::call_status(state.save, nullptr);
  if (ui::button("Save", !state.save.busy)) save(way);
  ImGui::SameLine();
  if (ui::button("Cancel")) router::navigate("#/users");
}

}  // namespace add_users_page
