// registry.hpp: the automation registry. Every interactive widget the console draws is
// recorded here for the current frame (label, kind, rectangle in CSS pixels, enabled state,
// text); messages shown to the person (errors, toasts, field problems) too. JavaScript reads
// the last complete frame with Module.uiSnapshot() (DESIGN.md, Console).
#pragma once

#include <string>
#include <string_view>

#include "imgui.h"

struct ImRect;

namespace registry {

struct Widget {
  std::string id;     // the full ImGui label, "Remove##42": unique on a page
  std::string label;  // what the person reads: the part before "##"
  std::string kind;   // button, link, input, password, checkbox, radio, selectable, combo, tab, menu,
                      // note (text that explains more in a tooltip)
  std::string text;   // the value of an input, the shown choice of a combo
  ImVec2 min, max;    // screen rectangle, CSS pixels
  bool enabled = true;
  bool visible = true;  // not clipped away (scrolled out, behind a closed tree)
  bool checked = false; // checkbox, radio, selectable, tab
};

// Starts a frame; ends it (its widgets become the snapshot, numbered "frame").
void begin_frame();
void end_frame();
// Widgets recorded so far in this frame.
std::size_t widget_count();
// Records the last ImGui item as a widget.
void record_item(std::string_view id, std::string_view kind, std::string_view text = {}, bool checked = false);
// Records a widget whose rectangle is known before it is drawn (combo boxes), clipped to
// `clip` (default: the current window's clip rectangle).
void record_rect(std::string_view id, std::string_view kind, std::string_view text, ImVec2 min, ImVec2 max,
                 bool enabled, bool checked, const ImRect* clip = nullptr);
// Records text shown to the person: kind is "error", "toast", "problem", "warning", "info",
// "title", "tooltip" or one a page names ("count", "delivery", "row").
void record_message(std::string_view kind, std::string_view text, std::string_view field = {});
// Marks the frame busy (a request in flight); tests wait until a frame is not busy.
void mark_busy();
// The snapshot of the last complete frame as JSON.
const std::string& snapshot_json(std::string_view route);

}  // namespace registry
