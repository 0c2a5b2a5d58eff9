// main.cpp: the main loop. Creates the WebGL2 context through GLFW, keeps the canvas at CSS
// size × devicePixelRatio, feeds ImGui (CSS-pixel coordinates, pasted and IME text), draws the app,
// and exports the functions index.html and the tests call.
#include <emscripten.h>
#include <emscripten/html5.h>
#define GLFW_INCLUDE_ES3
#include <GLFW/glfw3.h>

#include <algorithm>
#include <array>
#include <cfloat>
#include <cstdio>
#include <string>

#include "app.hpp"
#include "browser.hpp"
#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"
#include "registry.hpp"
#include "router.hpp"
#include "theme.hpp"

namespace {

GLFWwindow* window = nullptr;
int framebuffer_width = 0, framebuffer_height = 0;

// Frame times (milliseconds of work per frame), for bench/web.
struct FrameClock {
  std::array<float, 1024> samples{};
  std::size_t count = 0;
  void add(float ms) { samples[count++ % samples.size()] = ms; }
} frame_clock;

void fit_canvas(const browser::CanvasSize& size) {
  const int w = std::max(1, static_cast<int>(size.css_width * size.ratio + 0.5));
  const int h = std::max(1, static_cast<int>(size.css_height * size.ratio + 0.5));
  if (w == framebuffer_width && h == framebuffer_height) return;
  framebuffer_width = w;
  framebuffer_height = h;
  emscripten_set_canvas_element_size("#canvas", w, h);
}

const char* clipboard_text(void*) { return ""; }  // pasting arrives through pcu_insert_text
void set_clipboard_text(void*, const char* text) { browser::copy_to_clipboard(text); }
void place_ime(int x, int y) { browser::place_text_input(x, y); }

// bench/web: when the first frame, and the first with a widget, were drawn (ms after navigation).
void mark_first_frames() {
  static bool drawn = false, widgets = false;
  if (!drawn) {
    drawn = true;
    EM_ASM({ window.pcuFirstFrameMs = performance.now(); });
  }
  if (!widgets && registry::widget_count() > 0) {
    widgets = true;
    EM_ASM({ window.pcuFirstWidgetFrameMs = performance.now(); });
  }
}

void frame() {
  const double started = browser::now_ms();
  const browser::CanvasSize size = browser::canvas_size();
  fit_canvas(size);
  const auto ratio = static_cast<float>(size.ratio);

  glfwPollEvents();
  theme::prepare_fonts(ratio);
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  // ImGui works in CSS pixels; GLFW reports the mouse in canvas (device) pixels.
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(static_cast<float>(size.css_width), static_cast<float>(size.css_height));
  io.DisplayFramebufferScale = ImVec2(ratio, ratio);
  if (io.MousePos.x > -FLT_MAX / 2) io.MousePos = ImVec2(io.MousePos.x / ratio, io.MousePos.y / ratio);

  registry::begin_frame();
  ImGui::NewFrame();
  app::draw();
  registry::end_frame();
  ImGui::Render();

  glViewport(0, 0, framebuffer_width, framebuffer_height);
  glClearColor(0.98F, 0.98F, 0.99F, 1.0F);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  browser::want_text_input(io.WantTextInput);
  frame_clock.add(static_cast<float>(browser::now_ms() - started));
  mark_first_frames();
}

}  // namespace

extern "C" {

// The automation registry of the last complete frame, as JSON (Module.uiSnapshot()).
EMSCRIPTEN_KEEPALIVE const char* pcu_ui_snapshot() {
  return registry::snapshot_json(router::current().hash).c_str();
}

// index.html: the hash changed (links, back button).
EMSCRIPTEN_KEEPALIVE void pcu_route_changed(const char* hash) { router::changed(hash); }

// index.html: text pasted or entered without a keypress (IME, dictation); it goes into the
// focused text field in order with typed characters, which GLFW queues the same way.
EMSCRIPTEN_KEEPALIVE void pcu_insert_text(const char* text) {
  if (ImGui::GetCurrentContext()) ImGui::GetIO().AddInputCharactersUTF8(text);
}

// bench/web: the work time of recent frames, as JSON {"count", "times": [...]}; then restarts.
EMSCRIPTEN_KEEPALIVE const char* pcu_frame_times() {
  static std::string out;
  out = "{\"count\":" + std::to_string(frame_clock.count) + ",\"times\":[";
  const std::size_t n = std::min(frame_clock.count, frame_clock.samples.size());
  for (std::size_t i = 0; i < n; ++i) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%s%.3f", i ? "," : "", static_cast<double>(frame_clock.samples[i]));
    out += buffer;
  }
  out += "]}";
  frame_clock.count = 0;
  return out.c_str();
}
}

int main() {
  if (!glfwInit()) {
    std::puts("glfwInit failed");
    return 1;
  }
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  const browser::CanvasSize size = browser::canvas_size();
  window = glfwCreateWindow(static_cast<int>(size.css_width), static_cast<int>(size.css_height), "pcusers", nullptr,
                            nullptr);
  if (!window) {
    std::puts("glfwCreateWindow failed");
    return 1;
  }
  glfwMakeContextCurrent(window);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  theme::apply_style();
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 300 es");
  io.GetClipboardTextFn = clipboard_text;
  io.SetClipboardTextFn = set_clipboard_text;
  io.ImeSetInputScreenPosFn = place_ime;
  theme::load_fonts();
  app::start();
  std::puts("pcusers console ready");
  emscripten_set_main_loop(frame, 0, true);
  return 0;
}
