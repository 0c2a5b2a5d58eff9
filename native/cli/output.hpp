// native/cli/output.hpp: how every command prints problems and exits.
#pragma once

#include <iostream>
#include <string>

#include <pcu/json.hpp>

namespace pcu::cli {

enum Exit : int { exit_ok = 0, exit_invalid = 1, exit_usage = 2 };

inline void print_problems_text(const Problems& problems, std::ostream& out = std::cout) {
  out << problems.size() << (problems.size() == 1 ? " problem:\n" : " problems:\n");
  for (const auto& p : problems) {
    std::string where = p.field;  // field, item position, the item itself; any may be missing
    if (p.position) where += (where.empty() ? "item " : " item ") + std::to_string(p.position);
    if (!p.item.empty()) where += (where.empty() ? "\"" : " \"") + p.item + "\"";
    out << "  " << (where.empty() ? "" : where + ": ") << p.message << " [" << p.code << "]\n";
  }
}

// Prints `j` on standard output. Problems quote the input, which need not be UTF-8: bytes that
// are not are printed as U+FFFD instead of stopping the program.
inline void print_json(const json& j) { std::cout << j.dump(2, ' ', false, json::error_handler_t::replace) << "\n"; }

// Prints a document that could not be read and returns the exit code for it.
inline int report_unreadable(const Problems& problems, bool as_json) {
  if (as_json) print_json(json{{"ok", false}, {"problems", problems_to_json(problems)}});
  else print_problems_text(problems);
  return exit_invalid;
}

}  // namespace pcu::cli
