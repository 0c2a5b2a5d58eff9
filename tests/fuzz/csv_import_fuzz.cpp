// libFuzzer target for the CSV import of `pcu check-import` (native/cli/csv_import.hpp): any
// bytes give a report whose problems all name a line inside the text, never a crash (R-UM3).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "csv_import.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::size_t lines = 1;
  for (char c : text) lines += c == '\n';
  pcu::TenantSnapshot tenant;
  tenant.verified_domains = {"example.org"};
  tenant.groups = {"Developers"};
  const pcu::TenantSnapshot* const choices[] = {nullptr, &tenant};
  for (const pcu::TenantSnapshot* facts : choices) {
    const auto report = pcu::cli::check_import_rows(text, facts);
    for (const auto& p : report.problems)
      if (p.position == 0 || p.position > lines || p.code.empty()) __builtin_trap();
    if (report.rows > pcu::limits::csv_max_rows + 1) __builtin_trap();
  }
  return 0;
}
