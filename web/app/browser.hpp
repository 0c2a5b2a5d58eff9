// browser.hpp: what the console asks of the page around it, through small JavaScript calls:
// the URL hash, the canvas size and pixel ratio, the clipboard, text input.
#pragma once

#include <string>
#include <string_view>

namespace browser {

std::string location_hash();
void set_location_hash(std::string_view hash);
// The canvas size in CSS pixels and the device pixel ratio.
struct CanvasSize {
  double css_width = 0, css_height = 0, ratio = 1;
};
CanvasSize canvas_size();
void copy_to_clipboard(std::string_view text);
// Opens an address of this site in a new tab (downloads such as the audit export).
void open_url(std::string_view url);
// Whether a text field is being edited: then the page focuses a hidden textarea, so text that
// comes without a keypress (IME compositions, dictation, on-screen keyboards) reaches the
// console too (index.html); otherwise the canvas keeps the focus.
void want_text_input(bool wanted);
// Where the text cursor is (CSS pixels): the IME shows its candidates there.
void place_text_input(int x, int y);
// Milliseconds since the page started.
double now_ms();

}  // namespace browser
