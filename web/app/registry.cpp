#include "registry.hpp"

#include <cstdint>
#include <vector>

#include "imgui_internal.h"
#include "pcu/json.hpp"

namespace registry {
namespace {

struct Message {
  std::string kind, text, field;
};
struct Frame {
  std::vector<Widget> widgets;
  std::vector<Message> messages;
  bool busy = false;
};

Frame current, last;
bool current_complete = false;
std::uint64_t frames = 0;  // frames begun: tests wait for new ones after each input
std::string snapshot;

// "Remove##42" reads "Remove"; a widget whose label is drawn beside it ("##Username") is
// named by what follows the ##.
std::string_view visible_label(std::string_view id) {
  const auto hash = id.find("##");
  if (hash == std::string_view::npos) return id;
  if (hash > 0) return id.substr(0, hash);
  const auto rest = id.substr(2);
  return rest.substr(0, rest.find("##"));
}

}  // namespace

void begin_frame() {
  std::swap(last, current);
  current.widgets.clear();
  current.messages.clear();
  current.busy = false;
  current_complete = false;
  ++frames;
}

void end_frame() { current_complete = true; }

std::size_t widget_count() { return current.widgets.size(); }

void record_item(std::string_view id, std::string_view kind, std::string_view text, bool checked) {
  const ImGuiContext& g = *GImGui;
  const ImGuiWindow* window = g.CurrentWindow;
  ImRect rect = g.LastItemData.Rect;
  rect.ClipWith(window->ClipRect);
  Widget w;
  w.id = id;
  w.label = visible_label(id);
  w.kind = kind;
  w.text = text;
  w.min = rect.Min;  // ImGui works in CSS pixels (theme.cpp scales only the framebuffer)
  w.max = rect.Max;
  w.enabled = (g.LastItemData.InFlags & ImGuiItemFlags_Disabled) == 0;
  w.visible = ImGui::IsItemVisible() && rect.GetWidth() > 0 && rect.GetHeight() > 0 && !window->SkipItems;
  w.checked = checked;
  current.widgets.push_back(std::move(w));
}

void record_rect(std::string_view id, std::string_view kind, std::string_view text, ImVec2 min, ImVec2 max,
                 bool enabled, bool checked, const ImRect* clip) {
  ImRect rect(min, max);
  rect.ClipWith(clip ? *clip : GImGui->CurrentWindow->ClipRect);
  Widget w;
  w.id = id;
  w.label = visible_label(id);
  w.kind = kind;
  w.text = text;
  w.min = rect.Min;
  w.max = rect.Max;
  w.enabled = enabled;
  w.visible = rect.GetWidth() > 0 && rect.GetHeight() > 0;
  w.checked = checked;
  current.widgets.push_back(std::move(w));
}

void record_message(std::string_view kind, std::string_view text, std::string_view field) {
  current.messages.push_back({std::string(kind), std::string(text), std::string(field)});
}

void mark_busy() { current.busy = true; }

const std::string& snapshot_json(std::string_view route) {
  // JavaScript runs between frames, so the frame just drawn is complete and shows the newest state.
  const Frame& shown = current_complete ? current : last;
  pcu::json widgets = pcu::json::array();
  for (const Widget& w : shown.widgets)
    widgets.push_back({{"id", w.id},
                       {"label", w.label},
                       {"kind", w.kind},
                       {"text", w.text},
                       {"x", w.min.x},
                       {"y", w.min.y},
                       {"w", w.max.x - w.min.x},
                       {"h", w.max.y - w.min.y},
                       {"enabled", w.enabled},
                       {"visible", w.visible},
                       {"checked", w.checked}});
  pcu::json messages = pcu::json::array();
  for (const Message& m : shown.messages) messages.push_back({{"kind", m.kind}, {"text", m.text}, {"field", m.field}});
  pcu::json j = {{"route", route},
                 {"frame", current_complete ? frames : frames - 1},
                 {"busy", shown.busy},
                 {"widgets", std::move(widgets)},
                 {"messages", std::move(messages)}};
  snapshot = j.dump(-1, ' ', false, pcu::json::error_handler_t::replace);
  return snapshot;
}

}  // namespace registry
