#include "browser.hpp"

#include <emscripten.h>
#include <emscripten/html5.h>

#include <cstdlib>

namespace {

// NOLINTBEGIN: JavaScript bodies
EM_JS(char*, js_location_hash, (), {
  const h = window.location.hash || "";
  const n = lengthBytesUTF8(h) + 1;
  const p = _malloc(n);
  stringToUTF8(h, p, n);
  return p;
});
EM_JS(void, js_set_location_hash, (const char* hash), { window.location.hash = UTF8ToString(hash); });
EM_JS(void, js_copy, (const char* text), {
  const t = UTF8ToString(text);
  if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(t).catch(() => {});
  window.pcuLastCopied = t;  // tests read it: headless clipboards may refuse
});
EM_JS(void, js_open, (const char* url), { window.open(UTF8ToString(url), "_blank"); });
EM_JS(void, js_want_text_input, (int wanted), {
  if (Module.pcuTextInput) Module.pcuTextInput(wanted !== 0);
});
EM_JS(void, js_place_text_input, (int x, int y), {
  if (Module.pcuPlaceTextInput) Module.pcuPlaceTextInput(x, y);
});
// NOLINTEND

bool text_input_wanted = false;

}  // namespace

namespace browser {

std::string location_hash() {
  char* p = js_location_hash();
  std::string s(p);
  std::free(p);
  return s;
}

void set_location_hash(std::string_view hash) { js_set_location_hash(std::string(hash).c_str()); }

CanvasSize canvas_size() {
  CanvasSize s;
  emscripten_get_element_css_size("#canvas", &s.css_width, &s.css_height);
  s.ratio = emscripten_get_device_pixel_ratio();
  if (s.ratio <= 0) s.ratio = 1;
  return s;
}

void copy_to_clipboard(std::string_view text) { js_copy(std::string(text).c_str()); }

void open_url(std::string_view url) { js_open(std::string(url).c_str()); }

void want_text_input(bool wanted) {
  // While wanted, every frame: a click on the canvas moves the focus back to it.
  if (wanted || text_input_wanted) js_want_text_input(wanted ? 1 : 0);
  text_input_wanted = wanted;
}

void place_text_input(int x, int y) { js_place_text_input(x, y); }

double now_ms() { return emscripten_get_now(); }

}  // namespace browser
