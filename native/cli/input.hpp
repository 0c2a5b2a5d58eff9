// native/cli/input.hpp: reading a command's input from an argument, a file or standard input.
#pragma once

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <string>

namespace pcu::cli {

// The largest input any command reads: a CSV of limits::csv_max_rows rows fits easily.
inline constexpr std::size_t input_max = 4 * 1024 * 1024;

struct Input {
  std::optional<std::string> text;  // nothing when it could not be read
  std::string error;                // why, for the usage message
};

inline Input read_limited(std::istream& in, const std::string& what) {
  std::string text;
  char buffer[65536];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (text.size() > input_max) return {std::nullopt, what + " is larger than 4 MiB"};
  }
  return {std::move(text), {}};
}

// `-` is standard input; otherwise a path to a file.
inline Input read_file_or_stdin(const std::string& arg) {
  if (arg == "-") return read_limited(std::cin, "standard input");
  std::error_code ec;
  if (std::filesystem::is_directory(arg, ec)) return {std::nullopt, "cannot read " + arg + ": it is a directory"};
  std::ifstream file(arg, std::ios::binary);
  if (!file) return {std::nullopt, "cannot read " + arg};
  return read_limited(file, arg);
}

// `-` is standard input; otherwise the argument itself is the text.
inline Input read_text_or_stdin(const std::string& arg) {
  if (arg == "-") return read_limited(std::cin, "standard input");
  return {arg, {}};
}

}  // namespace pcu::cli
