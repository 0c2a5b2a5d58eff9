// widgets.hpp: the console's own thin widgets. Each draws one Dear ImGui widget and records
// it in the automation registry, so tests find it by label. Pages draw interactive widgets
// only through these functions.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "imgui.h"

namespace ui {

bool button(const char* id, bool enabled = true);
bool small_button(const char* id, bool enabled = true);
// Text that acts like a hyperlink.
bool link(const char* id);
bool input_text(const char* id, std::string& value, ImGuiInputTextFlags flags = 0, const char* hint = nullptr);
bool input_password(const char* id, std::string& value, const char* hint = nullptr);
bool input_multiline(const char* id, std::string& value, ImVec2 size);
bool checkbox(const char* id, bool& value, bool enabled = true);
bool radio(const char* id, bool active, bool enabled = true);
bool selectable(const char* id, bool selected, ImGuiSelectableFlags flags = 0, ImVec2 size = ImVec2(0, 0));
// A combo box over `titles`; each choice in the open popup is a selectable "<title>##<name>",
// where name is the box's id without a leading "##".
bool combo(const char* id, int& current, std::span<const std::string_view> titles, float width = 0);
// A tab of a tab bar; true while the tab is shown.
bool tab(const char* id, ImGuiTabItemFlags flags = 0);

// Text shown to the person, recorded as a message of the given kind.
void error_text(std::string_view text, std::string_view field = {});
void warning_text(std::string_view text);
// Good news ("3 addresses ready", "invitation is accepted"), recorded as an "info" message.
void success_text(std::string_view text);
void title(std::string_view text);
// A tooltip by the mouse with `text` wrapped, for text cut off where it stands; recorded as a
// "tooltip" message. Call it while the item it explains is hovered.
void tooltip(std::string_view text);
// A small turning wheel for requests in flight; marks the frame busy.
void spinner(const char* caption = nullptr);

// Disables the widgets drawn while it lives.
class Disabled {
 public:
  explicit Disabled(bool disabled) : on_(disabled) {
    if (on_) ImGui::BeginDisabled();
  }
  ~Disabled() {
    if (on_) ImGui::EndDisabled();
  }
  Disabled(const Disabled&) = delete;
  Disabled& operator=(const Disabled&) = delete;

 private:
  bool on_;
};

// ImGui wants NUL-terminated labels; pages build them with this.
std::string label(std::string_view text, std::string_view id);

}  // namespace ui
