// pcu check-user: a create-user request (R-UM3..R-UM5), with the tenant facts it is checked
// against under its "tenant" member.
#include <iostream>

#include <pcu/json.hpp>
#include <pcu/validate.hpp>

#include "commands.hpp"
#include "input.hpp"
#include "output.hpp"

namespace pcu::cli {

int check_user(const Options& options) {
  const auto input = read_file_or_stdin(options.input);
  if (!input.text) {
    std::cerr << "pcu: " << input.error << "\n";
    return exit_usage;
  }
  Problems problems;
  auto document = parse_json(*input.text, problems, limits::tenant_json_max);  // it holds a tenant
  if (!document) return report_unreadable(problems, options.json);
  TenantSnapshot tenant;
  if (document->is_object()) {
    if (auto it = document->find("tenant"); it != document->end()) {
      read(*it, tenant, problems);
      document->erase("tenant");
    }
  }
  CreateUserRequest request;
  const bool readable = read(*document, request, problems) && problems.empty();
  if (readable) problems = validate_create_user(request, tenant);
  if (options.json) {
    print_json(json{{"ok", problems.empty()}, {"problems", problems_to_json(problems)}});
  } else if (problems.empty()) {
    std::cout << "valid: " << request.username << " can be created\n";
  } else {
    print_problems_text(problems);
  }
  return problems.empty() ? exit_ok : exit_invalid;
}

}  // namespace pcu::cli
