// json_writer.hpp: JSON text written straight into one reserved std::string, for the hot
// answers (users list, authorize) that nlohmann objects made slow (a std::map and several
// allocations per member). Every string goes through the one escaping function below.
#pragma once

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

namespace pcu::server {

// Appends `s` as a JSON string: quoted; `"` `\` and control characters escaped; other bytes
// (UTF-8) as they are, as nlohmann's dump() does.
inline void append_json_string(std::string& out, std::string_view s) {
  static constexpr char hex[] = "0123456789abcdef";
  out += '"';
  std::size_t run = 0;  // start of the bytes not yet copied
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        out += "\\u00";
        out += hex[c >> 4];
        out += hex[c & 0xf];
    }
  }
  out.append(s.data() + run, s.size() - run);
  out += '"';
}

// Objects and arrays with the commas placed for the caller (nesting up to 64 deep).
class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  JsonWriter& begin_object() { return open('{'); }
  JsonWriter& end_object() { return close('}'); }
  JsonWriter& begin_array() { return open('['); }
  JsonWriter& end_array() { return close(']'); }
  // Keys are names written in the code (string literals), never outside text: they are
  // copied as they are, with no escaping pass.
  template <std::size_t N>
  JsonWriter& key(const char (&k)[N]) {
    separate();
    char quoted[N + 2];
    quoted[0] = '"';
    for (std::size_t i = 0; i + 1 < N; ++i) quoted[i + 1] = k[i];
    quoted[N] = '"';
    quoted[N + 1] = ':';
    out_.append(quoted, N + 2);
    after_key_ = true;
    return *this;
  }
  JsonWriter& value(std::string_view s) {
    separate();
    append_json_string(out_, s);
    return *this;
  }
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  JsonWriter& value(const std::string& s) { return value(std::string_view(s)); }
  JsonWriter& value(std::int64_t v) {
    separate();
    char buffer[24];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, v).ptr;
    out_.append(buffer, end);
    return *this;
  }
  JsonWriter& value(bool v) {
    separate();
    out_ += v ? "true" : "false";
    return *this;
  }
  JsonWriter& null() {
    separate();
    out_ += "null";
    return *this;
  }
  // Text that is already JSON (e.g. an access as the store keeps it).
  JsonWriter& raw(std::string_view json) {
    separate();
    out_ += json;
    return *this;
  }

 private:
  JsonWriter& open(char c) {
    separate();
    out_ += c;
    ++depth_;
    has_member_ &= ~bit();
    return *this;
  }
  JsonWriter& close(char c) {
    out_ += c;
    --depth_;
    return *this;
  }
  std::uint64_t bit() const { return std::uint64_t{1} << (depth_ & 63); }
  // A comma before every member or element but the first; none after a key.
  void separate() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (depth_ > 0 && (has_member_ & bit())) out_ += ',';
    has_member_ |= bit();
  }

  std::string& out_;
  int depth_ = 0;
  std::uint64_t has_member_ = 0;
  bool after_key_ = false;
};

}  // namespace pcu::server
