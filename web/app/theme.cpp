#include "theme.hpp"

#include <emscripten/fetch.h>

#include <cstring>

#include "gl_renderer.hpp"

namespace theme {
namespace {

constexpr float text_size = 15.0F;
constexpr float title_size = 21.0F;
constexpr const char* font_url = "fonts/text.ttf";

// Basic Latin, Latin-1 Supplement, Latin Extended-A and -B, general punctuation (dashes,
// curly quotes, ellipsis), the euro sign, and the arrows the console draws.
constexpr ImWchar glyph_ranges[] = {0x0020, 0x024F, 0x2010, 0x2027, 0x20AC, 0x20AC, 0x2190, 0x2193, 0x25B2, 0x25BC, 0};

std::vector<unsigned char> ttf;  // the atlas reads it on every rebuild; kept alive here
bool ttf_arrived = false;
float built_ratio = 0;
ImFont* title = nullptr;

void on_font(emscripten_fetch_t* fetch) {
  if (fetch->status == 200 && fetch->numBytes > 0) {
    ttf.assign(fetch->data, fetch->data + fetch->numBytes);
    ttf_arrived = true;
    built_ratio = 0;  // rebuild on the next frame
  }
  emscripten_fetch_close(fetch);
}

void build_atlas(float ratio) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  if (ttf_arrived) {
    ImFontConfig config;
    config.FontDataOwnedByAtlas = false;
    config.OversampleH = 2;
    config.PixelSnapH = false;
    io.Fonts->AddFontFromMemoryTTF(ttf.data(), static_cast<int>(ttf.size()), text_size * ratio, &config, glyph_ranges);
    title = io.Fonts->AddFontFromMemoryTTF(ttf.data(), static_cast<int>(ttf.size()), title_size * ratio, &config,
                                           glyph_ranges);
  } else {
    ImFontConfig config;
    config.SizePixels = 13.0F * ratio;
    io.Fonts->AddFontDefault(&config);
    config.SizePixels = 13.0F * ratio * 1.4F;
    title = io.Fonts->AddFontDefault(&config);
  }
  io.FontGlobalScale = 1.0F / ratio;
  io.Fonts->Build();
  gl_renderer::upload_fonts();
}

}  // namespace

void apply_style() {
  ImGui::StyleColorsLight();
  ImGuiStyle& s = ImGui::GetStyle();
  s.WindowRounding = 0;
  s.FrameRounding = 3;
  s.GrabRounding = 3;
  s.PopupRounding = 3;
  s.TabRounding = 3;
  s.FramePadding = ImVec2(8, 5);
  s.ItemSpacing = ImVec2(10, 7);
  s.CellPadding = ImVec2(8, 5);
  s.WindowPadding = ImVec2(16, 14);
  s.ScrollbarSize = 14;
  s.WindowBorderSize = 0;
  s.FrameBorderSize = 1;
  ImVec4* c = s.Colors;
  c[ImGuiCol_WindowBg] = ImVec4(0.98F, 0.98F, 0.99F, 1);
  c[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
  c[ImGuiCol_MenuBarBg] = ImVec4(0.13F, 0.30F, 0.55F, 1);
  c[ImGuiCol_Button] = ImVec4(0.87F, 0.91F, 0.97F, 1);
  c[ImGuiCol_ButtonHovered] = ImVec4(0.76F, 0.85F, 0.97F, 1);
  c[ImGuiCol_ButtonActive] = ImVec4(0.64F, 0.77F, 0.95F, 1);
  c[ImGuiCol_FrameBg] = ImVec4(1, 1, 1, 1);
  c[ImGuiCol_Border] = ImVec4(0.75F, 0.77F, 0.80F, 1);
  c[ImGuiCol_TableHeaderBg] = ImVec4(0.91F, 0.93F, 0.96F, 1);
  c[ImGuiCol_TableRowBgAlt] = ImVec4(0.96F, 0.97F, 0.98F, 1);
  c[ImGuiCol_Header] = ImVec4(0.80F, 0.87F, 0.97F, 1);
  c[ImGuiCol_HeaderHovered] = ImVec4(0.86F, 0.91F, 0.98F, 1);
  c[ImGuiCol_Tab] = ImVec4(0.88F, 0.90F, 0.94F, 1);
  c[ImGuiCol_TabActive] = ImVec4(1, 1, 1, 1);
  c[ImGuiCol_TabHovered] = ImVec4(0.80F, 0.87F, 0.97F, 1);
}

void load_fonts() {
  emscripten_fetch_attr_t attr;
  emscripten_fetch_attr_init(&attr);
  std::strcpy(attr.requestMethod, "GET");
  attr.attributes = EMSCRIPTEN_FETCH_LOAD_TO_MEMORY;
  attr.onsuccess = on_font;
  attr.onerror = on_font;
  emscripten_fetch(&attr, font_url);
}

void prepare_fonts(float device_pixel_ratio) {
  if (device_pixel_ratio == built_ratio) return;
  built_ratio = device_pixel_ratio;
  build_atlas(device_pixel_ratio);
}

ImFont* title_font() { return title; }
ImVec4 link_color() { return ImVec4(0.05F, 0.38F, 0.78F, 1); }
ImVec4 error_color() { return ImVec4(0.75F, 0.10F, 0.10F, 1); }
ImVec4 warning_color() { return ImVec4(0.62F, 0.38F, 0.0F, 1); }
ImVec4 success_color() { return ImVec4(0.10F, 0.50F, 0.20F, 1); }
ImVec4 muted_color() { return ImVec4(0.40F, 0.42F, 0.46F, 1); }

}  // namespace theme
