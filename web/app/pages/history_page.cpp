// History (R-UM14): the owner sees the pages a user visited in the last 30 days, newest first.
#include <ctime>
#include <string>
#include <vector>

#include "api_client.hpp"
#include "imgui.h"
#include "pages.hpp"
#include "pcu/limits.hpp"
#include "registry.hpp"
#include "router.hpp"
#include "shell.hpp"
#include "theme.hpp"
#include "widgets.hpp"

namespace history_page {
namespace {

struct Visit {
  std::string path, at;
};

struct State {
  std::uint64_t generation = 0;
  std::string id, name;
  std::vector<Visit> visits;
  std::string last_activity;
  api::Call load, user;
} state;

std::string when(const api::json& t) {
  if (!t.is_number()) return "Never";
  const auto tt = static_cast<std::time_t>(t.get<long long>());
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M:%S UTC", &tm);
  return buffer;
}

constexpr std::size_t visits_max = 10000;  // the server's maximum limit for a history page

void load() {
  api::send(state.user, "GET", "/users/" + api::encode(state.id), nullptr, [](const api::Answer& a) {
    state.name = a.body.value("first_name", "") + " " + a.body.value("last_name", "");
  });
  // The server's largest page: 30 days of an ordinary user's visits fit; more is said below.
  api::send(state.load, "GET", "/users/" + api::encode(state.id) + "/history?limit=" + std::to_string(visits_max), nullptr,
            [](const api::Answer& a) {
    state.visits.clear();
    for (const auto& v : a.body.value("visits", api::json::array()))
      state.visits.push_back({v.value("path", ""), when(v.value("at", api::json()))});
    state.last_activity = when(a.body.value("last_activity", api::json()));
  });
}

}  // namespace

void draw(std::string_view user_id) {
  if (state.generation != router::generation()) {
    state = State{};
    state.generation = router::generation();
    state.id = user_id;
    load();
  }
  if (ui::link("< Users")) router::navigate("#/users");
  ui::title("History" + (state.name.empty() ? std::string() : " of " + state.name));
  ImGui::TextColored(theme::muted_color(), "Pages visited in the last %d days, newest first. Last activity: %s",
                     pcu::limits::history_days, state.last_activity.c_str());
  if (shell::call_status(state.load)) load();
  if (state.visits.size() >= visits_max)
    ui::warning_text("Only the newest " + std::to_string(visits_max) + " visits are shown; older ones of the last " +
                     std::to_string(pcu::limits::history_days) + " days are not.");
  if (!ImGui::BeginTable("##visits", 2, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY,
                         ImVec2(0, ImGui::GetContentRegionAvail().y)))
    return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("When", ImGuiTableColumnFlags_WidthFixed, 200);
  ImGui::TableSetupColumn("Page");
  ImGui::TableHeadersRow();
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(state.visits.size()));
  while (clipper.Step())
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const Visit& v = state.visits[static_cast<std::size_t>(i)];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(v.at.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(v.path.c_str());
      registry::record_message("row", v.path);
    }
  ImGui::EndTable();
}

}  // namespace history_page
