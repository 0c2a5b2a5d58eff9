#include "widgets.hpp"

#include <cmath>

#include "imgui_internal.h"
#include "imgui_stdlib.h"
#include "registry.hpp"
#include "theme.hpp"

namespace ui {

bool button(const char* id, bool enabled) {
  Disabled d(!enabled);
  const bool pressed = ImGui::Button(id);
  registry::record_item(id, "button");
  return pressed;
}

bool small_button(const char* id, bool enabled) {
  Disabled d(!enabled);
  const bool pressed = ImGui::SmallButton(id);
  registry::record_item(id, "button");
  return pressed;
}

bool link(const char* id) {
  ImGui::PushStyleColor(ImGuiCol_Text, theme::link_color());
  ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0, 0, 0, 0));
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(0, 0, 0, 0));
  ImGui::PushStyleColor(ImGuiCol_ButtonActive, ImVec4(0, 0, 0, 0));
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(0, 0));
  ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 0.0F);
  const bool pressed = ImGui::Button(id);
  if (ImGui::IsItemHovered()) {
    ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    ImGui::GetWindowDrawList()->AddLine(ImVec2(a.x, b.y), b, ImGui::GetColorU32(theme::link_color()));
  }
  ImGui::PopStyleVar(2);
  ImGui::PopStyleColor(4);
  registry::record_item(id, "link");
  return pressed;
}

bool input_text(const char* id, std::string& value, ImGuiInputTextFlags flags, const char* hint) {
  const bool changed = hint ? ImGui::InputTextWithHint(id, hint, &value, flags) : ImGui::InputText(id, &value, flags);
  const bool secret = (flags & ImGuiInputTextFlags_Password) != 0;
  registry::record_item(id, secret ? "password" : "input", secret ? std::string_view{} : std::string_view{value});
  return changed;
}

bool input_password(const char* id, std::string& value, const char* hint) {
  return input_text(id, value, ImGuiInputTextFlags_Password, hint);
}

bool input_multiline(const char* id, std::string& value, ImVec2 size) {
  const bool changed = ImGui::InputTextMultiline(id, &value, size);
  registry::record_item(id, "input", value);
  return changed;
}

bool checkbox(const char* id, bool& value, bool enabled) {
  Disabled d(!enabled);
  const bool changed = ImGui::Checkbox(id, &value);
  registry::record_item(id, "checkbox", {}, value);
  return changed;
}

bool radio(const char* id, bool active, bool enabled) {
  Disabled d(!enabled);
  const bool pressed = ImGui::RadioButton(id, active);
  registry::record_item(id, "radio", {}, active);
  return pressed;
}

bool selectable(const char* id, bool selected, ImGuiSelectableFlags flags, ImVec2 size) {
  const bool pressed = ImGui::Selectable(id, selected, flags, size);
  registry::record_item(id, "selectable", {}, selected);
  return pressed;
}

bool combo(const char* id, int& current, std::span<const std::string_view> titles, float width) {
  const std::string shown = current >= 0 && current < static_cast<int>(titles.size())
                                ? std::string(titles[static_cast<std::size_t>(current)])
                                : std::string("Mixed");
  if (width > 0) ImGui::SetNextItemWidth(width);
  // Recorded from where the box will be: once its popup is open, the popup is the last item.
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const ImVec2 size(width > 0 ? width : ImGui::CalcItemWidth(), ImGui::GetFrameHeight());
  const bool enabled = !(ImGui::GetItemFlags() & ImGuiItemFlags_Disabled);
  const ImRect clip = GImGui->CurrentWindow->ClipRect;  // once open, the popup is the current window
  const bool open = ImGui::BeginCombo(id, shown.c_str());
  registry::record_rect(id, "combo", shown, at, ImVec2(at.x + size.x, at.y + size.y), enabled, open, &clip);
  bool changed = false;
  if (open) {
    // "Read only##Packages@*": joined to the box's own name without its "##", since "###"
    // would make every choice the same ImGui id (and none could be picked).
    std::string_view name(id);
    if (name.starts_with("##")) name.remove_prefix(2);
    for (std::size_t i = 0; i < titles.size(); ++i) {
      const std::string choice = label(titles[i], name);
      if (selectable(choice.c_str(), static_cast<int>(i) == current)) {
        current = static_cast<int>(i);
        changed = true;
      }
    }
    ImGui::EndCombo();
  }
  return changed;
}

bool tab(const char* id, ImGuiTabItemFlags flags) {
  const bool shown = ImGui::BeginTabItem(id, nullptr, flags);
  registry::record_item(id, "tab", {}, shown);
  return shown;
}

void error_text(std::string_view text, std::string_view field) {
  ImGui::PushStyleColor(ImGuiCol_Text, theme::error_color());
  ImGui::PushTextWrapPos(0.0F);
  ImGui::TextUnformatted(text.data(), text.data() + text.size());
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
  registry::record_message(field.empty() ? "error" : "problem", text, field);
}

void warning_text(std::string_view text) {
  ImGui::PushStyleColor(ImGuiCol_Text, theme::warning_color());
  ImGui::PushTextWrapPos(0.0F);
  ImGui::TextUnformatted(text.data(), text.data() + text.size());
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
  registry::record_message("warning", text);
}

void success_text(std::string_view text) {
  ImGui::PushStyleColor(ImGuiCol_Text, theme::success_color());
  ImGui::PushTextWrapPos(0.0F);
  ImGui::TextUnformatted(text.data(), text.data() + text.size());
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
  registry::record_message("info", text);
}

void title(std::string_view text) {
  ImGui::PushFont(theme::title_font());
  ImGui::TextUnformatted(text.data(), text.data() + text.size());
  ImGui::PopFont();
  ImGui::Spacing();
  registry::record_message("title", text);
}

void tooltip(std::string_view text) {
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0F);
  ImGui::TextUnformatted(text.data(), text.data() + text.size());
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
  registry::record_message("tooltip", text);
}

void spinner(const char* caption) {
  registry::mark_busy();
  const float radius = ImGui::GetTextLineHeight() * 0.4F;
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  const ImVec2 centre(pos.x + radius + 2, pos.y + ImGui::GetTextLineHeight() * 0.5F);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float start = static_cast<float>(ImGui::GetTime()) * 6.0F;
  draw->PathArcTo(centre, radius, start, start + 4.2F, 16);
  draw->PathStroke(ImGui::GetColorU32(ImGuiCol_Text), 0, 2.0F);
  ImGui::Dummy(ImVec2(radius * 2 + 6, ImGui::GetTextLineHeight()));
  if (caption) {
    ImGui::SameLine();
    ImGui::TextDisabled("%s", caption);
  }
}

std::string label(std::string_view text, std::string_view id) {
  std::string s(text);
  s += "##";
  s += id;
  return s;
}

}  // namespace ui
