// Audit log (R-UM17): every change, who made it and when, before and after; filters by actor,
// action and target; older entries page in with the server's cursor; export as JSON lines.
#include <ctime>
#include <string>
#include <vector>

#include "api_client.hpp"
#include "browser.hpp"
#include "imgui.h"
#include "pages.hpp"
#include "registry.hpp"
#include "router.hpp"
#include "shell.hpp"
#include "theme.hpp"
#include "widgets.hpp"

namespace audit_page {
namespace {

struct Entry {
  std::string at, actor, action, target, change;
};

struct State {
  std::uint64_t generation = 0;
  std::string actor, action, target;
  std::vector<Entry> entries;
  std::string cursor;
  bool end = false;
  api::Call load;
} state;

std::string when(long long t) {
  const auto tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M:%S", &tm);
  return buffer;
}

std::string filters() {
  std::string q;
  if (!state.actor.empty()) q += "&actor=" + api::encode(state.actor);
  if (!state.action.empty()) q += "&action=" + api::encode(state.action);
  if (!state.target.empty()) q += "&target=" + api::encode(state.target);
  return q;
}

void load(bool more) {
  if (!more) {
    state.entries.clear();
    state.cursor.clear();
    state.end = false;
  }
  std::string path = "/audit?limit=200" + filters();
  if (!state.cursor.empty()) path += "&cursor=" + api::encode(state.cursor);
  api::send(state.load, "GET", path, nullptr, [](const api::Answer& a) {
    for (const auto& e : a.body.value("entries", api::json::array())) {
      // R-UM17: before and after (a removal has only a before, an addition only an after).
      const auto text = [&](const char* key) {
        std::string t = e.value(key, api::json()).dump(-1, ' ', false, api::json::error_handler_t::replace);
        return t.size() > 200 ? t.substr(0, 200) + "..." : t;
      };
      const std::string before = text("before"), after = text("after");
      const std::string change = before == "null" ? after
                                 : after == "null" ? "before: " + before
                                                   : before + "  ->  " + after;
      state.entries.push_back({when(e.value("at", 0LL)), e.value("actor", ""), e.value("action", ""),
                               e.value("target", ""), change});
    }
    const auto& next = a.body["next_cursor"];
    state.end = !next.is_string();
    state.cursor = state.end ? "" : next.get<std::string>();
  });
}

}  // namespace

void draw() {
  if (state.generation != router::generation()) {
    state = State{};
    state.generation = router::generation();
    load(false);
  }
  ui::title("Audit log");
  bool apply = false;
  for (auto [id, value] : {std::pair{"##Actor", &state.actor}, std::pair{"##Action", &state.action},
                           std::pair{"##Target", &state.target}}) {
    ImGui::SetNextItemWidth(200);
    apply |= ui::input_text(id, *value, ImGuiInputTextFlags_EnterReturnsTrue, id + 2);
    ImGui::SameLine();
  }
  if (ui::button("Apply filters") || apply) load(false);
  ImGui::SameLine();
  if (ui::button("Export")) browser::open_url("/api/v1/audit?format=jsonl" + filters());
  if (shell::call_status(state.load)) load(!state.entries.empty());
  const float height = ImGui::GetContentRegionAvail().y - ImGui::GetFrameHeightWithSpacing();
  if (ImGui::BeginTable("##audit", 5, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                          ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingStretchProp,
                        ImVec2(0, height))) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("When (UTC)", 0, 1.0F);
    ImGui::TableSetupColumn("Actor", 0, 0.8F);
    ImGui::TableSetupColumn("Action", 0, 0.9F);
    ImGui::TableSetupColumn("Target", 0, 0.8F);
    ImGui::TableSetupColumn("After", 0, 3.0F);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(state.entries.size()));
    while (clipper.Step())
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        const Entry& e = state.entries[static_cast<std::size_t>(i)];
        ImGui::TableNextRow();
        for (const std::string* cell : {&e.at, &e.actor, &e.action, &e.target, &e.change}) {
          ImGui::TableNextColumn();
          ImGui::TextUnformatted(cell->c_str());
        }
        registry::record_message("row", e.actor + " | " + e.action + " | " + e.target + " | " + e.change);
      }
    ImGui::EndTable();
  }
  if (!state.end && ui::button("Load older entries", !state.load.busy)) load(true);
}

}  // namespace audit_page
