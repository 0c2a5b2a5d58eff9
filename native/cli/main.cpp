// pcu: offline checks with the rule core (invite lists, decisions, users, CSV imports,
// effective permissions). Exit 0 valid or allowed, 1 not, 2 usage error.
#include <CLI/CLI.hpp>

#include <iostream>

#include "commands.hpp"
#include "output.hpp"

int main(int argc, char** argv) {
  using namespace pcu::cli;
  CLI::App app{"pcu: check pcusers plans offline with the same rules as the server"};
  app.require_subcommand(1);
  Options options;
  int (*run)(const Options&) = nullptr;

  const auto add = [&](const char* name, const char* about, const char* input_help, int (*fn)(const Options&)) {
    CLI::App* sub = app.add_subcommand(name, about);
    sub->add_flag("--json", options.json, "print machine-readable JSON");
    sub->add_option("INPUT", options.input, input_help)->required();
    sub->callback([&run, fn] { run = fn; });
    return sub;
  };
  add("check-invites", "Check a pasted invitation text (R-UM7)", "the text, or - for standard input",
      check_invites);
  add("decide", "Decide a decision request", "REQUEST.json, or - for standard input", decide);
  add("check-user", "Check a create-user request; tenant facts under \"tenant\"",
      "USER.json, or - for standard input", check_user);
  add("check-import", "Check a CSV of users: first name, last name, username, groups, roles",
      "users.csv, or - for standard input", check_import)
      ->add_option("--tenant", options.tenant_path, "tenant facts (JSON) to check domains, usernames, groups");
  add("permissions", "Print the effective permission table of an access or an actor",
      "ACCESS.json, or - for standard input", permissions);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? exit_ok : exit_usage;
  }
  return run ? run(options) : exit_usage;
}
