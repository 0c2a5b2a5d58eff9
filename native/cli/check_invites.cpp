// pcu check-invites: the invitation text of R-UM7, checked as the console and server do.
#include <iostream>

#include <pcu/email.hpp>
#include <pcu/json.hpp>

#include "commands.hpp"
#include "input.hpp"
#include "output.hpp"

namespace pcu::cli {

int check_invites(const Options& options) {
  const auto input = read_text_or_stdin(options.input);
  if (!input.text) {
    std::cerr << "pcu: " << input.error << "\n";
    return exit_usage;
  }
  const InviteList list = parse_invite_list(*input.text);
  if (options.json) {
    print_json(invite_list_to_json(list, list.problems));
  } else if (list.ok()) {
    std::cout << list.addresses.size() << (list.addresses.size() == 1 ? " address" : " addresses")
              << ", all valid:\n";
    for (const auto& a : list.addresses) {
      std::cout << "  " << a.position << ". " << a.address;
      if (!a.display_name.empty()) std::cout << "  (" << a.display_name << ")";
      std::cout << "\n";
    }
  } else {
    print_problems_text(list.problems);
  }
  return list.ok() ? exit_ok : exit_invalid;
}

}  // namespace pcu::cli
