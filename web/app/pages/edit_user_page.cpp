// Edit user (R-UM13): name, username and groups are directory changes (R-A4); roles and
// permissions are account changes (R-A3). Saves with If-Match so two editors do not overwrite
// each other. Also: reset password (R-UM11), resend or revoke a pending invitation (R-UM9).
#include <algorithm>
#include <string>
#include <vector>

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

namespace edit_user_page {
namespace {

struct Loaded {
  std::string first_name, last_name, username, type, status, kind, tenant;
  std::string invitation_id;  // the pending invitation, if any
  std::string delivery;  // how the pending invitation's mail fared, in full (shell::delivery_text)
  std::vector<std::string> groups;
  pcu::Access access;
};

struct State {
  std::uint64_t generation = 0;
  std::string id, etag;
  Loaded before;
  std::string first_name, last_name, username;
  std::vector<std::string> groups;
  permission_editor::Editor editor;
  bool loaded = false;
  api::Call load, save, reset, resend, revoke, enable;
} state;

void take(const api::Answer& a) {
  const api::json& u = a.body;
  Loaded l;
  l.first_name = u.value("first_name", "");
  l.last_name = u.value("last_name", "");
  l.username = u.value("username", "");
  l.type = u.value("type", "member");
  l.status = u.value("status", "active");
  l.kind = u.value("kind", "user");
  l.tenant = u.value("tenant", "");
  if (u.contains("invitation") && u["invitation"].is_object()) {
    l.invitation_id = u["invitation"].value("id", "");
    l.delivery = shell::delivery_text(u["invitation"].value("delivery", api::json()));
  }
  l.groups = u.value("groups", std::vector<std::string>{});
  l.access = permission_editor::read_access(u.value("access", api::json()));
  state.before = l;
  state.first_name = l.first_name;
  state.last_name = l.last_name;
  state.username = l.username;
  state.groups = l.groups;
  state.editor = {};
  state.editor.load(l.access);
  state.etag = a.etag;
  state.loaded = true;
}

void load() {
  api::send(state.load, "GET", "/users/" + api::encode(state.id), nullptr, take);
}

// R-A5: whether the user is of the tenant the signed-in person acts in.
bool in_acting_tenant() { return state.before.tenant == session::me().tenant; }

// R-A4, R-A5: directory changes (profile, groups, password, invitations) are made in the
// user's own tenant, by a global administrator of it; the server refuses them elsewhere.
bool directory_here() { return session::can_change_directory() && in_acting_tenant(); }

pcu::EditUserRequest request() {
  pcu::EditUserRequest r;
  const Loaded& b = state.before;
  if (state.first_name != b.first_name) r.first_name = state.first_name;
  if (state.last_name != b.last_name) r.last_name = state.last_name;
  if (state.username != b.username) r.username = state.username;
  auto sorted = [](std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
  };
  if (sorted(state.groups) != sorted(b.groups)) r.groups = state.groups;
  if (state.editor.access() != b.access) r.access = state.editor.access();
  return r;
}

pcu::json request_json(const pcu::EditUserRequest& r) {
  pcu::json j = pcu::json::object();
  if (r.first_name) j["first_name"] = *r.first_name;
  if (r.last_name) j["last_name"] = *r.last_name;
  if (r.username) j["username"] = *r.username;
  if (r.groups) j["groups"] = *r.groups;
  if (r.access) j["access"] = pcu::access_to_json(*r.access);
  return j;
}

void save() {
  state.editor.touched = true;
  const auto r = request();
  if (!r.directory_change() && !r.access) {
    shell::toast("Nothing to save.");
    return;
  }
  api::send(state.save, "PATCH", "/users/" + api::encode(state.id), request_json(r), [](const api::Answer& a) {
    take(a);
    shell::toast("The changes were saved.");
  }, state.etag);
}

void profile(const pcu::Problems& problems) {
  ui::Disabled off(!directory_here());
  for (auto [title, id, value, key] : {std::tuple{"First name", "##First name", &state.first_name, "first_name"},
                                       std::tuple{"Last name", "##Last name", &state.last_name, "last_name"},
                                       std::tuple{"Username", "##Username", &state.username, "username"}}) {
    ImGui::TextUnformatted(title);
    ImGui::SetNextItemWidth(360);
    ui::input_text(id, *value);
    shell::problems(key, problems, state.save);
  }
}

void groups(const pcu::Problems& problems) {
  ImGui::TextUnformatted("Group membership");
  if (!in_acting_tenant()) {  // the groups listed are the acting tenant's
    ImGui::TextDisabled("Groups are managed in the user's own tenant.");
    return;
  }
  ui::Disabled off(!directory_here());
  if (directory_cache::groups().empty()) ImGui::TextDisabled("This tenant has no groups.");
  for (const auto& g : directory_cache::groups()) {
    bool on = std::find(state.groups.begin(), state.groups.end(), g.id) != state.groups.end();
    if (ui::checkbox(ui::label(g.display_name, "group " + g.id).c_str(), on)) {
      if (on) state.groups.push_back(g.id);
      else std::erase(state.groups, g.id);
    }
    ImGui::SameLine(0, 16);
  }
  ImGui::NewLine();
  shell::problems("groups", problems, state.save);
}

void actions() {
  const bool pending = state.before.status == "invitation_pending";
  if (state.before.type == "member" && directory_here() && state.before.kind != "owner") {
    if (ui::button("Reset password", !state.reset.busy))
      api::send(state.reset, "POST", "/users/" + api::encode(state.id) + "/password-reset", pcu::json::object(),
                [](const api::Answer& a) {
                  temporary_password_page::show(state.before.first_name + " " + state.before.last_name,
                                                a.body.value("username", ""), a.body.value("temporary_password", ""));
                });
    ImGui::SameLine();
  }
  if (pending && session::may(pcu::Action::invite_users) && in_acting_tenant()) {
    const bool known = !state.before.invitation_id.empty();
    if (ui::button("Resend invitation", known && !state.resend.busy))
      api::send(state.resend, "POST", "/invitations/" + api::encode(state.before.invitation_id) + "/resend",
                pcu::json::object(), [](const api::Answer& a) {
                  state.before.delivery = shell::delivery_text(a.body.value("delivery", api::json()));
                  shell::toast("The invitation was sent again.");
                });
    ImGui::SameLine();
    if (ui::button("Revoke invitation", known && !state.revoke.busy))
      api::send(state.revoke, "DELETE", "/invitations/" + api::encode(state.before.invitation_id), nullptr,
                [](const api::Answer&) {
                  shell::toast("The invitation was revoked.");
                  router::navigate("#/users");
                });
    ImGui::SameLine();
  }
  // R-A6: a directory change (global admin of the user's tenant); nobody disables itself (R-UM16).
  if (directory_here() && state.before.kind != "owner" && state.id != session::me().id &&
      (state.before.status == "active" || state.before.status == "disabled")) {
    const bool enabled = state.before.status == "active";
    if (ui::button(enabled ? "Disable user" : "Enable user", !state.enable.busy))
      api::send(state.enable, "PATCH", "/users/" + api::encode(state.id), {{"enabled", !enabled}},
                [enabled](const api::Answer& a) {
                  take(a);
                  shell::toast(enabled ? "The user was disabled: its sessions ended." : "The user was enabled.");
                }, state.etag);
    ImGui::SameLine();
  }
  if (session::me().owner && state.before.kind != "owner" && ui::button("View history"))
    router::navigate("#/users/" + state.id + "/history");
  ImGui::NewLine();
  shell::call_status(state.reset, nullptr);
  shell::call_status(state.resend, nullptr);
  shell::call_status(state.revoke, nullptr);
  shell::call_status(state.enable, nullptr);
}

}  // namespace

void draw(std::string_view user_id) {
  if (state.generation != router::generation()) {
    state = State{};
    state.generation = router::generation();
    state.id = user_id;
    directory_cache::refresh();
    load();
  }
  if (ui::link("< Users")) router::navigate("#/users");
  if (!state.loaded) {
    ui::title("Edit user");
    if (shell::call_status(state.load)) load();
    return;
  }
  ui::title(state.before.first_name + " " + state.before.last_name);
  ImGui::TextColored(theme::muted_color(), "%s  ·  %s  ·  %s", state.before.username.c_str(),
                     state.before.type == "guest" ? "Guest" : "Member",
                     state.before.status == "invitation_pending" ? "Invitation pending" : state.before.status.c_str());
  if (!state.before.delivery.empty()) {
    // The server's whole reply, which the Users table cuts to "(mail failed)".
    const std::string text = "Invitation " + state.before.delivery;
    const bool failed = state.before.delivery.starts_with("mail failed");
    ImGui::PushStyleColor(ImGuiCol_Text, failed ? theme::error_color() : theme::muted_color());
    ImGui::PushTextWrapPos(0.0F);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    registry::record_message("delivery", state.id + ": " + state.before.delivery);
  }
  if (!in_acting_tenant() && state.before.kind != "owner")
    ImGui::TextWrapped("This user belongs to another tenant (%s): its name, username, groups and password are "
                       "changed there.", state.before.tenant.c_str());
  ImGui::Spacing();
  pcu::EditContext context{state.id == session::me().id, state.before.username, state.before.access};
  const auto r = request();
  pcu::Problems problems;
  if (r.directory_change() || r.access) problems = pcu::validate_edit_user(r, directory_cache::facts(), context);
  std::erase_if(problems, [](const pcu::Problem& p) { return p.field == "access" && p.code != "self_lockout"; });
  if (state.before.kind == "owner") {
    ImGui::TextWrapped("This is the account owner: all rights, not removable.");
  } else {
    profile(problems);
    ImGui::Spacing();
    groups(problems);
    ImGui::Spacing();
    {
      ui::Disabled off(!session::can_change_users());
      permission_editor::draw(state.editor, state.save);
    }
    for (const auto& p : problems)
      if (p.code == "self_lockout") ui::error_text(p.message, "access");
    ImGui::Spacing();
    shell::call_status(state.save, nullptr);
    // Changed meanwhile (412): this page's version is old, and every Save would be refused again.
    if (state.save.error.status == 412 && ui::button("Load the latest version")) {
      state.save.clear();
      load();
    }
    if (ui::button("Save", !state.save.busy)) save();
    ImGui::SameLine();
    if (ui::button("Cancel")) router::navigate("#/users");
    ImGui::Separator();
  }
  actions();
}

}  // namespace edit_user_page
