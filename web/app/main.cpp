// main.cpp: the main loop. Creates the WebGL2 context through GLFW, keeps the canvas at CSS
// size × devicePixelRatio, feeds ImGui (CSS-pixel coordinates, the wheel, pasted and IME text),
// draws the app, and exports the functions index.html and the tests call.
#include <emscripten.h>
#include <emscripten/html5.h>
#define GLFW_INCLUDE_ES3
#include <GLFW/glfw3.h>

#include <algorithm>
#include <array>
#include <cfloat>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "api_client.hpp"
#include "app.hpp"
#include "browser.hpp"
#include "gl_renderer.hpp"
#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "registry.hpp"
#include "router.hpp"
#include "theme.hpp"

namespace {

GLFWwindow* window = nullptr;
int framebuffer_width = 0, framebuffer_height = 0;
// bench/web (window.pcuFinishFrames): each drawn frame waits until the GPU process has drawn
// it, so that the frame's WebGL part includes SwiftShader's rasterising.
bool finish_frames = false;

// Frame times (milliseconds of work per frame), for bench/web: the whole frame, and the part
// of it spent in WebGL calls (clear and the draw lists), which can wait on the GPU process.
struct FrameClock {
  std::array<float, 1024> samples{}, gl{}, drew{};
  std::size_t count = 0;
  void add(float ms, float gl_ms, bool drawn) {
    gl[count % gl.size()] = gl_ms;
    drew[count % drew.size()] = drawn ? 1.0F : 0.0F;
    samples[count++ % samples.size()] = ms;
  }
} frame_clock;

void fit_canvas(const browser::CanvasSize& size) {
  const int w = std::max(1, static_cast<int>(size.css_width * size.ratio + 0.5));
  const int h = std::max(1, static_cast<int>(size.css_height * size.ratio + 0.5));
  if (w == framebuffer_width && h == framebuffer_height) return;
  framebuffer_width = w;
  framebuffer_height = h;
  emscripten_set_canvas_element_size("#canvas", w, h);
}

// The draw data of the last frame sent to WebGL. A frame that would draw exactly the same
// (same framebuffer, vertices, indices and commands) skips its WebGL calls: the canvas keeps
// showing the last image, and SwiftShader or a busy GPU process gets no work to fall behind
// on (its backlog is what makes the slow frames: the WebGL calls wait for it).
class DrawnFrame {
 public:
  // True when `data` differs from the last frame drawn; remembers it.
  bool changed(const ImDrawData& data, int width, int height) {
    at_ = 0;
    differs_ = false;
    const float view[8] = {static_cast<float>(width), static_cast<float>(height), data.DisplayPos.x, data.DisplayPos.y,
                           data.DisplaySize.x, data.DisplaySize.y, data.FramebufferScale.x, data.FramebufferScale.y};
    take(view, sizeof view);
    for (int i = 0; i < data.CmdListsCount; ++i) {
      const ImDrawList& list = *data.CmdLists[i];
      take(list.VtxBuffer.Data, static_cast<std::size_t>(list.VtxBuffer.Size) * sizeof(ImDrawVert));
      take(list.IdxBuffer.Data, static_cast<std::size_t>(list.IdxBuffer.Size) * sizeof(ImDrawIdx));
      for (const ImDrawCmd& cmd : list.CmdBuffer) {
        const Command fields{cmd.ClipRect, cmd.TextureId, cmd.VtxOffset, cmd.IdxOffset, cmd.ElemCount};
        take(&fields, sizeof fields);
        if (cmd.UserCallback) differs_ = true;
      }
    }
    if (at_ != bytes_.size()) differs_ = true;
    bytes_.resize(at_);
    return differs_;
  }

 private:
  struct Command {  // what a draw command draws; no padding, so memcmp compares it
    ImVec4 clip;
    ImTextureID texture;
    unsigned vtx_offset, idx_offset, elem_count;
  };
  void take(const void* data, std::size_t size) {
    if (at_ + size > bytes_.size()) {
      bytes_.resize(at_ + size);
      differs_ = true;
    } else if (!differs_ && std::memcmp(bytes_.data() + at_, data, size) == 0) {
      at_ += size;
      return;
    }
    differs_ = true;
    std::memcpy(bytes_.data() + at_, data, size);
    at_ += size;
  }
  std::vector<char> bytes_;  // reused frame after frame
  std::size_t at_ = 0;
  bool differs_ = false;
} drawn_frame;

const char* clipboard_text(void*) { return ""; }  // pasting arrives through pcu_insert_text
void set_clipboard_text(void*, const char* text) { browser::copy_to_clipboard(text); }
void place_ime(int x, int y) { browser::place_text_input(x, y); }

// The wheel, read from the browser's event rather than through GLFW: Emscripten 3.1.6's GLFW
// passes `deltaY` unchanged as GLFW's y offset, in pixels (100 a notch in Chromium) and down
// positive, where GLFW and ImGui count notches, up positive. So a notch down asked ImGui to
// scroll 100 steps up (nothing, at the top) and a notch up jumped hundreds of rows down.
// Converted as SDL does: 100 pixels, 3 lines or 1/80 page make a notch, and the sign flips.
EM_BOOL on_wheel(int, const EmscriptenWheelEvent* event, void*) {
  if (!ImGui::GetCurrentContext()) return EM_FALSE;
  const double notch = event->deltaMode == DOM_DELTA_PAGE ? 1.0 / 80 : event->deltaMode == DOM_DELTA_LINE ? 3 : 100;
  ImGuiIO& io = ImGui::GetIO();
  io.MouseWheelH -= static_cast<float>(event->deltaX / notch);
  io.MouseWheel -= static_cast<float>(event->deltaY / notch);
  return EM_TRUE;  // the page itself does not scroll or zoom
}

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

  const double gl_started = browser::now_ms();
  const bool draws = drawn_frame.changed(*ImGui::GetDrawData(), framebuffer_width, framebuffer_height);
  if (draws) {
    const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];  // the console window has none
    gl_renderer::render(*ImGui::GetDrawData(), framebuffer_width, framebuffer_height, {bg.x, bg.y, bg.z});
    if (finish_frames) {  // bench/web: wait until SwiftShader has drawn it (a 1-pixel read)
      unsigned char pixel[4];
      glReadPixels(0, 0, 1, 1, GL_RGBA, GL_UNSIGNED_BYTE, pixel);
    }
  }
  browser::want_text_input(io.WantTextInput);
  const double ended = browser::now_ms();
  frame_clock.add(static_cast<float>(ended - started), static_cast<float>(ended - gl_started), draws);
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

// bench/web: the work time of recent frames, as JSON {"count", "times": [...], "gl": [...],
// "drew": [1 or 0 per frame], "answers": [...]}; then restarts.
EMSCRIPTEN_KEEPALIVE const char* pcu_frame_times() {
  static std::string out;
  const std::size_t n = std::min(frame_clock.count, frame_clock.samples.size());
  const auto list = [](const float* samples, std::size_t count) {
    std::string text = "[";
    for (std::size_t i = 0; i < count; ++i) {
      char buffer[32];
      std::snprintf(buffer, sizeof buffer, "%s%.3f", i ? "," : "", static_cast<double>(samples[i]));
      text += buffer;
    }
    return text + "]";
  };
  const std::vector<float> answers = api::take_answer_times();
  out = "{\"count\":" + std::to_string(frame_clock.count) + ",\"times\":" + list(frame_clock.samples.data(), n) +
        ",\"gl\":" + list(frame_clock.gl.data(), n) + ",\"drew\":" + list(frame_clock.drew.data(), n) +
        ",\"answers\":" + list(answers.data(), answers.size()) + "}";
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
  // An opaque canvas without depth or stencil buffers (GLFW's defaults ask for all three):
  // less for Chromium to clear each frame and to composite; ImGui uses none of them.
  glfwWindowHint(GLFW_ALPHA_BITS, 0);
  glfwWindowHint(GLFW_DEPTH_BITS, 0);
  glfwWindowHint(GLFW_STENCIL_BITS, 0);
  finish_frames = EM_ASM_INT({ return window.pcuFinishFrames ? 1 : 0; }) != 0;
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
  glfwSetScrollCallback(window, nullptr);  // the wheel comes through on_wheel instead
  emscripten_set_wheel_callback("#canvas", nullptr, EM_TRUE, on_wheel);
  if (!gl_renderer::init()) return 1;
  io.GetClipboardTextFn = clipboard_text;
  io.SetClipboardTextFn = set_clipboard_text;
  io.ImeSetInputScreenPosFn = place_ime;
  theme::load_fonts();
  app::start();
  std::puts("pcusers console ready");
  emscripten_set_main_loop(frame, 0, true);
  return 0;
}
