// The Users page (R-A3): account users in a table read slice by slice from the server
// (offset pages over the `total` the server counts) and drawn with ImGuiListClipper, so
// 100,000 users scroll smoothly: only the pages the clipper shows are fetched, and kept in a
// small cache. Search, filters and sorting go to the server. Remove asks first (R-UM15).
// Pending invitations show how their mail fared (queued, sent, failed), with the server's
// reply on hover.
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "api_client.hpp"
#include "browser.hpp"
#include "imgui.h"
#include "pages.hpp"
#include "permission_editor.hpp"
#include "registry.hpp"
#include "router.hpp"
#include "session.hpp"
#include "shell.hpp"
#include "theme.hpp"
#include "widgets.hpp"

namespace users_page {
namespace {

constexpr int page_size = 100;           // rows per request (the server allows 200)
constexpr std::size_t cached_pages = 48;  // about 4,800 rows kept
constexpr int max_in_flight = 3;         // page requests at once; the rest wait for the clipper
constexpr double search_delay_ms = 300;

struct Row {
  std::string id, name, username, type, roles, status, kind;
  long long last_activity = -1;
};

constexpr std::string_view type_titles[] = {"Any type", "Member", "Guest"};
constexpr std::string_view type_names[] = {"", "member", "guest"};
constexpr std::string_view status_titles[] = {"Any status", "Active", "Invitation pending", "Disabled"};
constexpr std::string_view status_names[] = {"", "active", "invitation_pending", "disabled"};
// The server's sort keys by table column; the Roles and actions columns do not sort.
constexpr const char* sort_names[] = {"name", "username", "type", nullptr, "status", "last_activity", nullptr};

// One page of rows as the server answered it. Slots live as long as the program once a
// request points at them (api::Call), so a new query retires them instead of freeing them.
struct Slot {
  api::Call call;
  std::vector<Row> rows;
  bool loaded = false;
  std::uint64_t used = 0;  // the frame that last showed it, for eviction
};

struct State {
  std::uint64_t generation = 0;
  std::string search, queried_search;
  double search_changed_at = 0;
  int type = 0, role = 0, status = 0;
  int sort_column = 1;
  bool descending = false;
  long long total = -1;  // unknown until the first page answers
  std::map<int, std::unique_ptr<Slot>> pages;
  std::vector<std::unique_ptr<Slot>> retired;  // answers still on their way, ignored
  std::uint64_t frame = 0;
  api::Call remove, invitations;
  std::unordered_map<std::string, std::string> delivery;  // user id → "mail sent", ...
  std::string remove_id, remove_name;
  bool open_confirm = false, remove_done = false;
  std::vector<std::string_view> role_filter_titles;
} state;

std::string status_title(std::string_view s) {
  for (std::size_t i = 1; i < std::size(status_names); ++i)
    if (status_names[i] == s) return std::string(status_titles[i]);
  return std::string(s);
}

Row read_row(const api::json& u) {
  Row r;
  r.id = u.value("id", "");
  r.name = u.value("first_name", "") + " " + u.value("last_name", "");
  r.username = u.value("username", "");
  r.type = u.value("type", "") == "guest" ? "Guest" : "Member";
  r.kind = u.value("kind", "user");
  r.roles = r.kind == "owner" ? "Owner" : permission_editor::summary(permission_editor::read_access(u.value("access", api::json())));
  r.status = status_title(u.value("status", ""));
  if (u.contains("last_activity") && u["last_activity"].is_number()) r.last_activity = u["last_activity"].get<long long>();
  return r;
}

std::string query_string() {
  std::string q = "/users?limit=" + std::to_string(page_size);
  if (!state.queried_search.empty()) q += "&search=" + api::encode(state.queried_search);
  if (state.type) q += "&type=" + std::string(type_names[state.type]);
  if (state.role) q += "&role=" + std::string(pcu::role_names[static_cast<std::size_t>(state.role - 1)]);
  if (state.status) q += "&status=" + std::string(status_names[state.status]);
  q += "&sort=" + std::string(sort_names[state.sort_column]);
  q += state.descending ? "&order=desc" : "&order=asc";
  return q;
}

int in_flight() {
  int n = 0;
  for (const auto& [index, slot] : state.pages) n += slot->call.busy ? 1 : 0;
  return n;
}

// Fetches page `index` unless it is cached or on its way; false when it must wait its turn.
void want_page(int index) {
  auto& slot = state.pages[index];
  if (!slot) slot = std::make_unique<Slot>();
  slot->used = state.frame;
  if (slot->loaded || slot->call.busy || slot->call.failed || slot->call.has_error()) return;
  if (in_flight() >= max_in_flight) return;
  Slot* s = slot.get();
  api::send(s->call, "GET", query_string() + "&offset=" + std::to_string(index * page_size), nullptr,
            [s](const api::Answer& a) {
              s->rows.clear();
              for (const auto& u : a.body.value("users", api::json::array())) s->rows.push_back(read_row(u));
              s->loaded = true;
              if (a.body.contains("total") && a.body["total"].is_number()) state.total = a.body["total"].get<long long>();
            });
}

// Drops pages far from view, never one whose answer is on its way.
void evict() {
  if (state.pages.size() <= cached_pages) return;
  std::vector<std::pair<std::uint64_t, int>> old;
  for (const auto& [index, slot] : state.pages)
    if (!slot->call.busy) old.push_back({slot->used, index});
  std::sort(old.begin(), old.end());
  for (std::size_t i = 0; i < old.size() && state.pages.size() > cached_pages; ++i) state.pages.erase(old[i].second);
}

void load_delivery() {
  api::send(state.invitations, "GET", "/invitations?status=pending&limit=1000", nullptr, [](const api::Answer& a) {
    state.delivery.clear();
    for (const auto& i : a.body.value("invitations", api::json::array())) {
      std::string shown = shell::delivery_text(i.value("delivery", api::json()));
      if (!shown.empty()) state.delivery[i.value("user_id", "")] = std::move(shown);
    }
  });
}

void reload() {
  for (auto& [index, slot] : state.pages)
    if (slot->call.busy) {
      slot->call.ticket++;  // its answer is ignored
      state.retired.push_back(std::move(slot));
    }
  state.pages.clear();
  state.total = -1;
  want_page(0);
}

const Row* row_at(int i) {
  const auto it = state.pages.find(i / page_size);
  if (it == state.pages.end() || !it->second->loaded) return nullptr;
  const auto& rows = it->second->rows;
  const auto at = static_cast<std::size_t>(i % page_size);
  return at < rows.size() ? &rows[at] : nullptr;
}

std::string when(long long t) {
  if (t < 0) return "Never";
  const std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M UTC", &tm);
  return buffer;
}

// A new order asks the server again (R-A3 lists are sorted where they are stored).
void sort_rows(ImGuiTableSortSpecs* specs) {
  if (!specs || !specs->SpecsDirty || specs->SpecsCount == 0) return;
  specs->SpecsDirty = false;
  const ImGuiTableColumnSortSpecs& s = specs->Specs[0];
  const int column = s.ColumnIndex;
  const bool descending = s.SortDirection == ImGuiSortDirection_Descending;
  if (column < 0 || column >= static_cast<int>(std::size(sort_names)) || !sort_names[column]) return;
  if (column == state.sort_column && descending == state.descending) return;
  state.sort_column = column;
  state.descending = descending;
  reload();
}

void filters() {
  ImGui::SetNextItemWidth(280);
  if (ui::input_text("##Search users", state.search, 0, "Search by name or username")) state.search_changed_at = browser::now_ms();
  if (state.search != state.queried_search && browser::now_ms() - state.search_changed_at > search_delay_ms) {
    state.queried_search = state.search;
    reload();
  }
  ImGui::SameLine();
  if (ui::combo("##Type filter", state.type, type_titles, 120)) reload();
  ImGui::SameLine();
  if (state.role_filter_titles.empty()) {
    state.role_filter_titles.push_back("Any role");
    for (auto t : pcu::role_titles) state.role_filter_titles.push_back(t);
  }
  if (ui::combo("##Role filter", state.role, state.role_filter_titles, 170)) reload();
  ImGui::SameLine();
  if (ui::combo("##Status filter", state.status, status_titles, 170)) reload();
}

void confirm_remove() {
  if (state.open_confirm) {
    ImGui::OpenPopup("Remove user?");
    state.open_confirm = false;
  }
  ImGui::SetNextWindowSize(ImVec2(460, 0));
  if (!ImGui::BeginPopupModal("Remove user?", nullptr, ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoSavedSettings)) return;
  ImGui::TextWrapped("Remove %s from the account? They lose access at once. Their directory user stays, and you can "
                     "add them again later.",
                     state.remove_name.c_str());
  ImGui::Spacing();
  shell::call_status(state.remove, nullptr);
  if (state.remove_done) {
    state.remove_done = false;
    ImGui::CloseCurrentPopup();
  }
  if (ui::button("Remove user##confirm", !state.remove.busy)) {
    api::send(state.remove, "DELETE", "/users/" + api::encode(state.remove_id), nullptr, [](const api::Answer&) {
      shell::toast(state.remove_name + " was removed from the account.");
      reload();
      state.remove_done = true;
    });
  }
  ImGui::SameLine();
  if (ui::button("Cancel##confirm")) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

void draw_row(const Row& r, bool owner, bool may_remove) {
  ImGui::PushID(r.id.c_str());
  ImGui::TableNextColumn();
  if (ui::link(ui::label(r.name, r.id).c_str())) router::navigate("#/users/" + r.id);
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(r.username.c_str());
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(r.type.c_str());
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(r.roles.c_str());
  ImGui::TableNextColumn();
  if (r.status == "Invitation pending") {
    ImGui::PushStyleColor(ImGuiCol_Text, theme::warning_color());
    if (ui::link(ui::label(r.status, "pending " + r.id).c_str())) router::navigate("#/users/" + r.id);
    ImGui::PopStyleColor();
    const bool over_status = ImGui::IsItemHovered();
    if (const auto d = state.delivery.find(r.id); d != state.delivery.end()) {
      // The cell shows how the mail fared ("(mail failed)"); the server's reply, often longer
      // than the column ("550 5.1.1 <...>: mailbox unavailable"), shows wrapped on hover
      // and in full on the Edit user page.
      const std::string& text = d->second;
      const std::string note = "(" + text.substr(0, text.find(':')) + ")";
      ImGui::SameLine();
      ImGui::TextColored(text.starts_with("mail failed") ? theme::error_color() : theme::muted_color(), "%s",
                         note.c_str());
      registry::record_item(ui::label(note, "delivery " + r.id), "note");
      if (over_status || ImGui::IsItemHovered()) ui::tooltip("Invitation " + text);
      registry::record_message("delivery", r.id + ": " + text);
    }
  } else {
    ImGui::TextUnformatted(r.status.c_str());
  }
  ImGui::TableNextColumn();
  // R-UM14: the owner opens a user's history from the Last activity column.
  if (owner && r.kind != "owner") {
    if (ui::link(ui::label(when(r.last_activity), "history " + r.id).c_str()))
      router::navigate("#/users/" + r.id + "/history");
  } else {
    ImGui::TextUnformatted(when(r.last_activity).c_str());
  }
  ImGui::TableNextColumn();
  if (may_remove && r.kind != "owner" && r.id != session::me().id) {
    if (ui::small_button(ui::label("Remove", r.id).c_str())) {
      state.remove_id = r.id;
      state.remove_name = r.name;
      state.remove.clear();
      state.open_confirm = true;
    }
  }
  ImGui::PopID();
}

void table() {
  const bool owner = session::me().owner;
  const bool may_remove = session::can_change_users();
  // No RowBg: the rows are told apart by their borders, and the alternate row fills took half
  // of SwiftShader's raster time per frame (docs/performance.md, Console).
  const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_ScrollY |
                                ImGuiTableFlags_Sortable | ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingStretchProp;
  const float height = std::max(200.0F, ImGui::GetContentRegionAvail().y - ImGui::GetFrameHeightWithSpacing() * 1.4F);
  if (!ImGui::BeginTable("##users", 7, flags, ImVec2(0, height))) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  // Status is wide enough for "Invitation pending (mail failed)" in a 1280-pixel window.
  ImGui::TableSetupColumn("Name", 0, 1.4F);
  ImGui::TableSetupColumn("Username or email", ImGuiTableColumnFlags_DefaultSort, 1.6F);
  ImGui::TableSetupColumn("Type", 0, 0.6F);
  ImGui::TableSetupColumn("Roles", ImGuiTableColumnFlags_NoSort, 1.5F);
  ImGui::TableSetupColumn("Status", 0, 1.6F);
  ImGui::TableSetupColumn("Last activity", 0, 1.2F);
  ImGui::TableSetupColumn("##actions", ImGuiTableColumnFlags_NoSort, 0.6F);
  // The header row, recorded so that tests click a column to sort by it ("Name##column").
  ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
  for (int c = 0; c < 7; ++c) {
    if (!ImGui::TableSetColumnIndex(c)) continue;
    const char* name = ImGui::TableGetColumnName(c);
    ImGui::PushID(c);
    ImGui::TableHeader(name);
    ImGui::PopID();
    if (name[0] != '#') registry::record_item(std::string(name) + "##column", "header");
  }
  sort_rows(ImGui::TableGetSortSpecs());

  // Every row the server counted has its place, so the scroll bar is true from the start.
  const int count = static_cast<int>(std::min<long long>(std::max<long long>(state.total, 0), 100000000));
  bool waiting = false;
  ImGuiListClipper clipper;
  clipper.Begin(count);
  while (clipper.Step()) {
    if (clipper.DisplayEnd > clipper.DisplayStart) {
      want_page(clipper.DisplayStart / page_size);
      want_page((clipper.DisplayEnd - 1) / page_size);
    }
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      ImGui::TableNextRow();
      if (const Row* r = row_at(i)) {
        draw_row(*r, owner, may_remove);
      } else {
        waiting = true;
        ImGui::TableNextColumn();
        ImGui::TextDisabled("Loading...");
      }
    }
  }
  ImGui::EndTable();
  registry::record_item("##users", "table");  // benchmarks find its scroll bar
  if (waiting) registry::mark_busy();
}

}  // namespace

void draw() {
  ++state.frame;
  if (state.generation != router::generation()) {
    state.generation = router::generation();
    reload();
    load_delivery();
  }
  ui::title("Users");
  ImGui::TextColored(theme::muted_color(), "People who may use this account, and what each may do.");
  if (session::may(pcu::Action::add_existing_users)) {
    ImGui::SameLine(ImGui::GetContentRegionMax().x - 110);
    if (ui::button("Add users")) router::navigate("#/users/add");
  }
  filters();
  // A failed page shows its message once, with one retry for all.
  bool retry = false, refused = false;
  for (const auto& [index, slot] : state.pages) {
    if (!slot->call.failed && !slot->call.has_error()) continue;
    retry = shell::call_status(slot->call);
    if (!slot->call.error.field.empty()) shell::problems(slot->call.error.field, {}, slot->call);  // e.g. search
    refused = slot->call.has_error();
    break;
  }
  if (retry) reload();
  for (const auto& [index, slot] : state.pages)
    if (slot->call.busy) registry::mark_busy();
  table();
  evict();
  if (state.total >= 0) {
    const std::string count = std::to_string(state.total) + (state.total == 1 ? " user" : " users");
    ImGui::TextColored(theme::muted_color(), "%s", count.c_str());
    registry::record_message("count", count);
  } else if (!refused)
    ui::spinner("Loading users...");
  confirm_remove();
}

}  // namespace users_page
