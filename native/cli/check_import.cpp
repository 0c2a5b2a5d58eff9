// pcu check-import: a CSV of users to create (first name, last name, username, groups,
// roles), every row checked as a create-user request; each problem names its line.
// Groups and roles inside a cell are separated by semicolons. A first row whose first cell
// is "first name" or "first_name" is a header. Without --tenant, domains and groups cannot
// be checked and are taken as given (the output says so); usernames are still compared
// with each other.
#include <iostream>

#include <pcu/json.hpp>
#include <pcu/validate.hpp>

#include "commands.hpp"
#include "csv.hpp"
#include "input.hpp"
#include "output.hpp"

namespace pcu::cli {
namespace {

// The tenant's facts, if given, plus the usernames of the rows read so far.
struct ImportFacts final : TenantFacts {
  const TenantSnapshot* tenant = nullptr;
  std::vector<std::string> earlier_usernames;
  bool domain_verified(std::string_view d) const override { return !tenant || tenant->domain_verified(d); }
  bool username_taken(std::string_view u) const override {
    return (tenant && tenant->username_taken(u)) || TenantSnapshot::contains(earlier_usernames, u, true);
  }
  bool group_exists(std::string_view g) const override { return !tenant || tenant->group_exists(g); }
  bool directory_user_exists(std::string_view id) const override { return !tenant || tenant->directory_user_exists(id); }
  bool is_account_user(std::string_view id) const override { return tenant && tenant->is_account_user(id); }
  bool email_in_use(std::string_view e) const override { return tenant && tenant->email_in_use(e); }
};

std::vector<std::string> split_cell(std::string_view cell) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= cell.size()) {
    auto end = cell.find(';', start);
    if (end == std::string_view::npos) end = cell.size();
    const auto item = detail::trim(cell.substr(start, end - start));
    if (!item.empty()) out.emplace_back(item);
    start = end + 1;
  }
  return out;
}

void add(Problems& out, std::size_t line, std::string field, std::string item, std::string code, std::string message) {
  out.push_back({std::move(field), std::move(item), line, std::move(code), std::move(message)});
}

}  // namespace

int check_import(const Options& options) {
  const auto input = read_file_or_stdin(options.input);
  if (!input.text) {
    std::cerr << "pcu: " << input.error << "\n";
    return exit_usage;
  }
  Problems problems;
  TenantSnapshot tenant;
  ImportFacts facts;
  if (!options.tenant_path.empty()) {
    const auto tenant_input = read_file_or_stdin(options.tenant_path);
    if (!tenant_input.text) {
      std::cerr << "pcu: " << tenant_input.error << "\n";
      return exit_usage;
    }
    const auto decoded = decode<TenantSnapshot>(*tenant_input.text);
    if (!decoded.value) return report_unreadable(decoded.problems, options.json);
    tenant = *decoded.value;
    facts.tenant = &tenant;
  }

  const CsvDocument doc = parse_csv(*input.text);
  if (doc.unterminated_quote_line)
    add(problems, doc.unterminated_quote_line, "", "", "csv_unterminated_quote", "A quoted field is never closed.");
  std::size_t rows = 0;
  for (std::size_t r = 0; r < doc.records.size(); ++r) {
    const CsvRecord& rec = doc.records[r];
    if (r == 0 && !rec.fields.empty() &&
        (detail::iequals(detail::trim(rec.fields[0]), "first name") ||
         detail::iequals(detail::trim(rec.fields[0]), "first_name")))
      continue;
    if (++rows > limits::csv_max_rows) {
      add(problems, rec.line, "", "", "too_many_rows",
          "At most " + std::to_string(limits::csv_max_rows) + " rows in one import.");
      break;
    }
    if (rec.fields.size() != 5) {
      add(problems, rec.line, "", "", "csv_wrong_columns",
          "Expected 5 columns (first name, last name, username, groups, roles), found " +
              std::to_string(rec.fields.size()) + ".");
      continue;
    }
    CreateUserRequest request;
    request.first_name = rec.fields[0];
    request.last_name = rec.fields[1];
    request.username = std::string(detail::trim(rec.fields[2]));
    request.groups = split_cell(rec.fields[3]);
    for (const auto& role : split_cell(rec.fields[4])) {
      if (role == "owner") add(problems, rec.line, "roles", role, "owner_role_not_assignable",
                               "The owner is not a role that can be given.");
      else if (auto v = role_from_name(role)) request.access.roles.add(*v);
      else add(problems, rec.line, "roles", role, "unknown_role", "\"" + role + "\" is not a known role.");
    }
    for (auto& p : validate_create_user(request, facts)) {
      p.position = rec.line;
      if (p.field.starts_with("access")) p.field = "roles";
      problems.push_back(std::move(p));
    }
    facts.earlier_usernames.push_back(request.username);
  }
  if (rows == 0 && problems.empty()) add(problems, 1, "", "", "csv_empty", "The file holds no users.");

  if (options.json) {
    json out = {{"ok", problems.empty()}, {"rows", rows}, {"tenant_checked", facts.tenant != nullptr}};
    json list = json::array();
    for (const auto& p : problems) {
      json j = problem_to_json(p);
      j.erase("position");
      j["line"] = p.position;
      list.push_back(std::move(j));
    }
    out["problems"] = std::move(list);
    std::cout << out.dump(2) << "\n";
  } else {
    if (!facts.tenant) std::cout << "note: no --tenant given, so domains and groups were not checked\n";
    if (problems.empty()) std::cout << rows << (rows == 1 ? " row" : " rows") << ", all valid\n";
    for (const auto& p : problems)
      std::cout << "line " << p.position << (p.field.empty() ? "" : " " + p.field)
                << (p.item.empty() ? "" : " \"" + p.item + "\"") << ": " << p.message << " [" << p.code << "]\n";
  }
  return problems.empty() ? exit_ok : exit_invalid;
}

}  // namespace pcu::cli
