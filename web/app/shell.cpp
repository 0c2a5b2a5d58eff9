#include "shell.hpp"

#include <algorithm>
#include <string>

#include "browser.hpp"
#include "directory_cache.hpp"
#include "imgui.h"
#include "pcu/validate.hpp"
#include "registry.hpp"
#include "router.hpp"
#include "session.hpp"
#include "theme.hpp"
#include "widgets.hpp"

namespace shell {
namespace {

std::string toast_text;
double toast_until = 0;
api::Call sign_out_call, tenant_call;
std::string tenants_read_for;  // the session the tenant list was read for

// R-A5: the owner picks the tenant it acts in; pages then read their data again.
void tenant_switcher() {
  const std::string who = session::me().id + "/" + session::me().tenant;
  if (tenants_read_for != who) {
    tenants_read_for = who;
    directory_cache::refresh();
  }
  const auto& tenants = directory_cache::tenants();
  if (tenants.size() < 2) return;
  std::vector<std::string_view> names;
  int current = -1;
  for (std::size_t i = 0; i < tenants.size(); ++i) {
    names.push_back(tenants[i].name.empty() ? tenants[i].id : tenants[i].name);
    if (tenants[i].id == session::me().tenant) current = static_cast<int>(i);
  }
  ImGui::TextColored(theme::muted_color(), "Tenant");
  ImGui::SameLine();
  int chosen = current;
  if (ui::combo("##Acting tenant", chosen, names, 150) && chosen != current) {
    const std::string name(names[static_cast<std::size_t>(chosen)]);
    api::send(tenant_call, "PUT", "/session/tenant", {{"tenant_id", tenants[static_cast<std::size_t>(chosen)].id}},
              [name](const api::Answer& a) {
                session::take(a.body);
                toast("You now act in the tenant " + name + ".");
                router::reload();
              });
  }
  if (tenant_call.busy) registry::mark_busy();
  ImGui::SameLine(0, 18);
}

constexpr double toast_ms = 5000;

void nav_item(const char* id, const char* hash, bool current) {
  if (current) ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0, 0, 0, 1));
  if (ui::link(id)) router::navigate(hash);
  if (current) ImGui::PopStyleColor();
  ImGui::SameLine(0, 22);
}

}  // namespace

void top_bar() {
  using router::Page;
  const Page page = router::current().page;
  ImGui::PushFont(theme::title_font());
  ImGui::TextUnformatted("pcusers");
  ImGui::PopFont();
  ImGui::SameLine(0, 30);
  ImGui::SetCursorPosY(ImGui::GetCursorPosY() + 3);
  if (session::can_view_users())
    nav_item("Users##nav", "#/users",
             page == Page::users || page == Page::add_users || page == Page::edit_user || page == Page::history);
  if (session::can_view_users()) nav_item("Groups##nav", "#/groups", page == Page::groups);
  if (session::can_view_audit()) nav_item("Audit log##nav", "#/audit", page == Page::audit);

  const std::string who = session::me().display_name() + (session::me().owner ? "  (owner)" : "");
  const float right = ImGui::GetWindowContentRegionMax().x;
  const float needed = ImGui::CalcTextSize(who.c_str()).x + ImGui::CalcTextSize("Change password").x +
                       ImGui::CalcTextSize("Sign out").x + 80;
  ImGui::SameLine(std::max(ImGui::GetCursorPosX(), right - needed - (session::me().owner ? 220 : 0)));
  if (session::me().owner) tenant_switcher();
  ImGui::TextColored(theme::muted_color(), "%s", who.c_str());
  ImGui::SameLine(0, 18);
  if (ui::link("Change password##nav")) router::navigate("#/password");
  ImGui::SameLine(0, 18);
  if (ui::link("Sign out")) {
    // Refused (the session had already ended, or another tab replaced it): signed out here too.
    const auto leave = [](const api::Answer&) {
      session::forget();
      router::navigate("#/sign-in");
    };
    api::send(sign_out_call, "DELETE", "/session", nullptr, leave, {}, leave);
  }
  ImGui::Separator();
}

void toast(std::string_view text) {
  toast_text = text;
  toast_until = browser::now_ms() + toast_ms;
}

void draw_toast() {
  if (toast_text.empty() || browser::now_ms() > toast_until) return;
  const ImVec2 size = ImGui::GetIO().DisplaySize;
  const ImVec2 text = ImGui::CalcTextSize(toast_text.c_str());
  ImGui::SetNextWindowPos(ImVec2(size.x * 0.5F, 56), ImGuiCond_Always, ImVec2(0.5F, 0));
  ImGui::SetNextWindowSize(ImVec2(text.x + 40, 0));
  ImGui::SetNextWindowBgAlpha(0.97F);
  ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(0.90F, 0.97F, 0.91F, 1));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 1.0F);
  ImGui::Begin("##toast", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoInputs | ImGuiWindowFlags_NoFocusOnAppearing |
                   ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoSavedSettings);
  ImGui::TextColored(theme::success_color(), "%s", toast_text.c_str());
  ImGui::End();
  ImGui::PopStyleVar();
  ImGui::PopStyleColor();
  registry::record_message("toast", toast_text);
}

bool call_status(const api::Call& call, const char* retry_id) {
  if (call.busy) ui::spinner("Working...");
  bool retry = false;
  if (call.failed) {
    ui::error_text(call.failure);
    if (retry_id) retry = ui::button(retry_id);
  }
  if (call.has_error() && (call.error.field.empty() || !call.error.items.empty()))
    ui::error_text(call.error.message);
  return retry;
}

void problems(std::string_view field, const pcu::Problems& local, const api::Call& call) {
  for (const pcu::Problem& p : local)
    if (p.field == field) ui::error_text(p.message, field);
  if (!call.has_error()) return;
  if (call.error.field == field && call.error.items.empty()) ui::error_text(call.error.message, field);
  for (const pcu::Problem& p : call.error.items)
    if (p.field == field || (p.field.starts_with(field) && p.field.size() > field.size() &&
                             (p.field[field.size()] == '.' || p.field[field.size()] == '[')))
      ui::error_text(p.message, field);
}

bool new_password(const char* label, std::string& password, std::string& again, const api::Call& call,
                  std::string_view field) {
  const pcu::Problems local = password.empty() ? pcu::Problems{} : pcu::validate_password(password, std::string(field));
  const std::string again_label = std::string(label) + " again";
  ImGui::TextUnformatted(label);
  ImGui::SetNextItemWidth(360);
  ui::input_password(("##" + std::string(label)).c_str(), password);
  problems(field, local, call);
  ImGui::TextDisabled("8 to 256 characters, with three of: lowercase, uppercase, digits, symbols.");
  ImGui::TextUnformatted(again_label.c_str());
  ImGui::SetNextItemWidth(360);
  ui::input_password(("##" + again_label).c_str(), again);
  const bool same = password == again;
  if (!again.empty() && !same) ui::error_text("The two passwords differ.", "again");
  return !password.empty() && local.empty() && same;
}

std::string delivery_text(const api::json& delivery) {
  if (!delivery.is_object()) return {};
  const std::string state = delivery.value("state", "");
  std::string text = state == "sent" ? "mail sent" : state == "failed" ? "mail failed" : "mail " + state;
  if (delivery.contains("last_error") && delivery["last_error"].is_string() && state != "sent")
    text += ": " + delivery["last_error"].get<std::string>();
  return text;
}

}  // namespace shell
