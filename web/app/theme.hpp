// theme.hpp: colours, spacing and fonts. ImGui works in CSS pixels; fonts are rasterised at
// CSS size × devicePixelRatio and drawn at 1/devicePixelRatio, so text is sharp on any screen.
#pragma once

#include <vector>

#include "imgui.h"

namespace theme {

// Sets the style once, after ImGui::CreateContext().
void apply_style();
// Starts fetching the text font (Latin-1 and Latin Extended); until it arrives, ImGui's
// built-in ASCII font is used.
void load_fonts();
// Rebuilds the font atlas when the pixel ratio changed or the text font arrived. Call before
// the renderer's NewFrame.
void prepare_fonts(float device_pixel_ratio);

ImFont* title_font();
ImVec4 link_color();
ImVec4 error_color();
ImVec4 warning_color();
ImVec4 success_color();
ImVec4 muted_color();

}  // namespace theme
