// pcu permissions: the effective permission table (R-RP6) of an access, or of an actor with
// its groups, with Mixed shown on the All-products row (R-RP7).
#include <iomanip>
#include <iostream>

#include <pcu/access.hpp>
#include <pcu/json.hpp>

#include "commands.hpp"
#include "input.hpp"
#include "output.hpp"

namespace pcu::cli {
namespace {

void print_table(const EffectivePermissions& e) {
  std::cout << "Roles:";
  if (e.owner) std::cout << " owner";
  for (std::size_t i = 0; i < role_count; ++i)
    if (e.roles.has(static_cast<Role>(i))) std::cout << " " << role_names[i];
  std::cout << (e.every_product ? "\nReaches every product (R-RP5)\n" : "\n");
  std::cout << "\nAccount-level\n";
  for (std::size_t i = 0; i < account_area_count; ++i)
    std::cout << "  " << std::left << std::setw(26) << account_area_titles[i]
              << level_titles[static_cast<std::size_t>(e.account[i])] << "\n";
  if (e.products.empty()) return;
  std::cout << "\nProduct-level\n  " << std::setw(26) << "";
  for (const auto& row : e.products) std::cout << std::setw(16) << row.key;
  std::cout << "\n";
  const Access as_access{e.roles, e.account, e.products};
  for (std::size_t p = 0; p < product_permission_count; ++p) {
    std::cout << "  " << std::setw(26) << product_permission_titles[p];
    for (const auto& row : e.products) {
      const bool all = row.key == all_products_key;
      const auto shown = all ? shown_all_products_level(as_access, static_cast<ProductPermission>(p))
                             : static_cast<ShownLevel>(row.levels[p]);
      std::cout << std::setw(16) << (shown == ShownLevel::mixed ? "Mixed" : level_titles[static_cast<std::size_t>(shown)]);
    }
    std::cout << "\n";
  }
}

}  // namespace

int permissions(const Options& options) {
  const auto input = read_file_or_stdin(options.input);
  if (!input.text) {
    std::cerr << "pcu: " << input.error << "\n";
    return exit_usage;
  }
  Problems problems;
  const auto document = parse_json(*input.text, problems);
  if (!document) return report_unreadable(problems, options.json);
  // An actor names its kind or groups; anything else is read as one access.
  Actor actor;
  if (!read_permissions_subject(*document, actor, problems)) return report_unreadable(problems, options.json);
  const EffectivePermissions e = effective_permissions(actor);
  if (options.json) print_json(effective_to_json(e));
  else print_table(e);
  return exit_ok;
}

}  // namespace pcu::cli
