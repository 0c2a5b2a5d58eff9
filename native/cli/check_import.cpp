// pcu check-import: a CSV of users to create, every row checked as a create-user request
// (see csv_import.hpp); each problem names its line.
#include <iostream>

#include <pcu/json.hpp>
#include <pcu/validate.hpp>

#include "commands.hpp"
#include "csv_import.hpp"
#include "input.hpp"
#include "output.hpp"

namespace pcu::cli {

int check_import(const Options& options) {
  const auto input = read_file_or_stdin(options.input);
  if (!input.text) {
    std::cerr << "pcu: " << input.error << "\n";
    return exit_usage;
  }
  TenantSnapshot tenant;
  const TenantSnapshot* facts = nullptr;
  if (!options.tenant_path.empty()) {
    const auto tenant_input = read_file_or_stdin(options.tenant_path);
    if (!tenant_input.text) {
      std::cerr << "pcu: " << tenant_input.error << "\n";
      return exit_usage;
    }
    auto decoded = decode<TenantSnapshot>(*tenant_input.text, limits::tenant_json_max);
    if (!decoded.value) {
      for (auto& p : decoded.problems)  // name the file the problem is in, not the CSV
        p.field = p.field.empty() ? "tenant" : "tenant." + p.field;
      return report_unreadable(decoded.problems, options.json);
    }
    tenant = *decoded.value;
    facts = &tenant;
  }
  const ImportReport report = check_import_rows(*input.text, facts);
  const Problems& problems = report.problems;
  const std::size_t rows = report.rows;

  if (options.json) {
    json out = {{"ok", problems.empty()}, {"rows", rows}, {"tenant_checked", facts != nullptr}};
    json list = json::array();
    for (const auto& p : problems) {
      json j = problem_to_json(p);
      j.erase("position");
      j["line"] = p.position;
      list.push_back(std::move(j));
    }
    out["problems"] = std::move(list);
    print_json(out);
  } else {
    if (!facts) std::cout << "note: no --tenant given, so domains and groups were not checked\n";
    if (problems.empty()) std::cout << rows << (rows == 1 ? " row" : " rows") << ", all valid\n";
    for (const auto& p : problems)
      std::cout << "line " << p.position << (p.field.empty() ? "" : " " + p.field)
                << (p.item.empty() ? "" : " \"" + p.item + "\"") << ": " << p.message << " [" << p.code << "]\n";
  }
  return problems.empty() ? exit_ok : exit_invalid;
}

}  // namespace pcu::cli
