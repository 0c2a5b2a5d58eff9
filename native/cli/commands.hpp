// native/cli/commands.hpp: the subcommands of `pcu`. Each returns the process exit code:
// 0 valid or allowed, 1 not, 2 usage error.
#pragma once

#include <string>

namespace pcu::cli {

struct Options {
  bool json = false;
  std::string input;         // the argument: text, a path, or "-" for standard input
  std::string tenant_path;   // check-import: tenant facts (JSON), optional
};

int check_invites(const Options& options);
int decide(const Options& options);
int check_user(const Options& options);
int check_import(const Options& options);
int permissions(const Options& options);

}  // namespace pcu::cli
