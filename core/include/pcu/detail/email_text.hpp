// pcu/detail/email_text.hpp: internal, may change without notice. The text handling behind
// pcu/email.hpp: ASCII classes (no locale), trimming, UTF-8 checks, splitting an invitation
// text into items and taking one item apart into display name and address.
//
// Sections: characters · compile-time messages · UTF-8 · splitting · one item
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace pcu::detail::email_text {

// ---- characters -----------------------------------------------------------------------

constexpr bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}
constexpr bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool is_ascii(char c) { return static_cast<unsigned char>(c) < 0x80; }
// RFC 5322 atext.
constexpr bool is_atext(char c) {
  return is_alpha(c) || is_digit(c) || std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
}
// Letters, digits, hyphen: what a domain label may hold.
constexpr bool is_ldh(char c) { return is_alpha(c) || is_digit(c) || c == '-'; }
constexpr char to_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

constexpr std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

inline std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = to_lower(c);
  return out;
}

// ---- compile-time messages ------------------------------------------------------------

// A message with a limit in it, built at compile time so that it stays a static string and
// still names the limit in force (limits may be overridden before inclusion).
template <std::size_t N>
struct FixedText {
  char chars[N]{};
  std::size_t size = 0;
  constexpr std::string_view view() const { return {chars, size}; }
};

template <std::size_t A, std::size_t B>
constexpr FixedText<A + B + 20> text_with_number(const char (&head)[A], std::size_t number,
                                                 const char (&tail)[B]) {
  FixedText<A + B + 20> t;
  for (std::size_t i = 0; i + 1 < A; ++i) t.chars[t.size++] = head[i];
  char digits[20]{};
  std::size_t n = 0;
  do {
    digits[n++] = static_cast<char>('0' + number % 10);
    number /= 10;
  } while (number != 0);
  while (n > 0) t.chars[t.size++] = digits[--n];
  for (std::size_t i = 0; i + 1 < B; ++i) t.chars[t.size++] = tail[i];
  return t;
}

// ---- UTF-8 ----------------------------------------------------------------------------

inline constexpr std::size_t not_utf8 = static_cast<std::size_t>(-1);

// The number of code points of `s`, or not_utf8 when `s` is not well-formed UTF-8 (overlong
// forms, surrogates and values above U+10FFFF included) or holds a control character
// (C0, DEL, C1), which a display name must not carry.
inline std::size_t display_text_length(std::string_view s) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < s.size(); ++count) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    std::size_t len = 0;
    char32_t cp = 0;
    char32_t min = 0;
    if (b0 < 0x80) { len = 1; cp = b0; }
    else if ((b0 & 0xE0) == 0xC0) { len = 2; cp = b0 & 0x1FU; min = 0x80; }
    else if ((b0 & 0xF0) == 0xE0) { len = 3; cp = b0 & 0x0FU; min = 0x800; }
    else if ((b0 & 0xF8) == 0xF0) { len = 4; cp = b0 & 0x07U; min = 0x10000; }
    else return not_utf8;
    if (s.size() - i < len) return not_utf8;
    for (std::size_t k = 1; k < len; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xC0) != 0x80) return not_utf8;
      cp = (cp << 6) | (b & 0x3FU);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return not_utf8;
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) return not_utf8;
    i += len;
  }
  return count;
}

// At most `max` bytes of `s`, cut before a UTF-8 continuation byte, with "..." when cut:
// items are quoted in messages and a pasted item may be long.
inline std::string shorten(std::string_view s, std::size_t max) {
  if (s.size() <= max) return std::string(s);
  std::size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return std::string(s.substr(0, end)) + "...";
}

// ---- splitting ------------------------------------------------------------------------

// The index of the first byte outside double quotes for which `stop(byte)` holds, or npos.
// Inside quotes a backslash escapes the next byte, as in RFC 5322 quoted strings.
// `ends_quoted` tells whether the text ended inside quotes (meaningful when npos).
template <typename Stop>
constexpr std::size_t find_outside_quotes(std::string_view text, Stop stop, bool& ends_quoted) {
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '\\') ++i;
      else if (c == '"') quoted = false;
    } else if (c == '"') {
      quoted = true;
    } else if (stop(c)) {
      return i;
    }
  }
  ends_quoted = quoted;
  return std::string_view::npos;
}

struct RawItem {
  std::string_view text;   // trimmed, never empty
  bool open_quote = false;  // the text ended inside double quotes that began in this item
};

// Splits at commas and semicolons outside double quotes. Items empty after trimming are
// dropped.
inline std::vector<RawItem> split_items(std::string_view text) {
  std::vector<RawItem> items;
  const auto is_separator = [](char c) { return c == ',' || c == ';'; };
  while (true) {
    bool open = false;
    const std::size_t end = find_outside_quotes(text, is_separator, open);
    const std::string_view item = trim(text.substr(0, end));
    if (!item.empty()) items.push_back({item, open});
    if (end == std::string_view::npos) return items;
    text.remove_prefix(end + 1);
  }
}

// ---- one item -------------------------------------------------------------------------

// One item taken apart. `code` is empty when the form is right; `address` is then the text
// to check as an address and `display_name` the name without quotes or escapes.
struct ItemParts {
  std::string_view address;
  std::string display_name;
  std::string_view code;
};

inline constexpr std::string_view code_unbalanced_quote = "unbalanced_quote";
inline constexpr std::string_view code_invalid_address_form = "invalid_address_form";

// Runs of whitespace in a display name become one space, so a name folded over two lines
// by a mail client reads as one line.
inline void append_name_char(std::string& out, char c) {
  if (is_space(c)) {
    if (!out.empty() && out.back() != ' ') out.push_back(' ');
  } else {
    out.push_back(c);
  }
}

// `"Doe, Jane"` or `Jane Doe` before the '<'; the quoted form may hold escapes.
inline std::string_view read_display_name(std::string_view name, std::string& out) {
  if (name.empty() || name.front() != '"') {
    if (name.find('"') != std::string_view::npos) return code_invalid_address_form;
    for (char c : name) append_name_char(out, c);
    return {};
  }
  for (std::size_t i = 1; i < name.size(); ++i) {
    const char c = name[i];
    if (c == '"') {
      if (!trim(name.substr(i + 1)).empty()) return code_invalid_address_form;
      out = std::string(trim(out));
      return {};
    }
    if (c == '\\') {
      if (++i == name.size()) break;
      out.push_back(name[i]);
    } else {
      append_name_char(out, c);
    }
  }
  return code_unbalanced_quote;
}

// A bare address (`jane@example.com`), `Name <address>` or `"Name" <address>`.
inline ItemParts split_item(std::string_view item) {
  ItemParts parts;
  bool quoted = false;
  const std::size_t open = find_outside_quotes(item, [](char c) { return c == '<'; }, quoted);
  if (open == std::string_view::npos) {
    parts.address = item;
    return parts;
  }
  const std::string_view rest = item.substr(open + 1);
  const std::size_t close = rest.find('>');
  if (close == std::string_view::npos || !trim(rest.substr(close + 1)).empty()) {
    parts.code = code_invalid_address_form;
    return parts;
  }
  parts.address = rest.substr(0, close);
  parts.code = read_display_name(trim(item.substr(0, open)), parts.display_name);
  return parts;
}

}  // namespace pcu::detail::email_text
