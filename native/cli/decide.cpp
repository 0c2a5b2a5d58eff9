// pcu decide: one decision request (RULES.md "Identifiers") answered by the core.
#include <iostream>

#include <pcu/json.hpp>
#include <pcu/policy.hpp>

#include "commands.hpp"
#include "input.hpp"
#include "output.hpp"

namespace pcu::cli {

int decide(const Options& options) {
  const auto input = read_file_or_stdin(options.input);
  if (!input.text) {
    std::cerr << "pcu: " << input.error << "\n";
    return exit_usage;
  }
  const auto request = pcu::decode<DecisionRequest>(*input.text);
  if (!request.value) {
    if (!options.json) return report_unreadable(request.problems, false);
    print_json(invalid_decision_to_json(request.problems));  // the module's decide() answers alike
    return exit_invalid;
  }
  const Decision d = pcu::decide(*request.value);
  if (options.json) {
    print_json(decision_to_json(d));
  } else if (d.allowed) {
    std::cout << "allowed: " << name_of(request.value->action) << "\n";
  } else {
    std::cout << "denied: " << name_of(request.value->action) << "\n  " << d.message << " [" << d.code << "]\n";
  }
  return d.allowed ? exit_ok : exit_invalid;
}

}  // namespace pcu::cli
