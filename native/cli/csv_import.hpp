// native/cli/csv_import.hpp: the rows of a CSV import (first name, last name, username,
// groups, roles), each checked as a create-user request; every problem names its line in
// Problem::position. Groups and roles inside a cell are separated by semicolons; a first
// row whose first cell is "first name" or "first_name" is a header. Without tenant facts,
// domains and groups cannot be checked and are taken as given; usernames are still
// compared with each other.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <pcu/validate.hpp>

#include "csv.hpp"

namespace pcu::cli {

namespace import_detail {
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

inline std::vector<std::string> split_cell(std::string_view cell) {
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

inline void add(Problems& out, std::size_t line, std::string field, std::string item, std::string code, std::string message) {
  out.push_back({std::move(field), std::move(item), line, std::move(code), std::move(message)});
}

}  // namespace import_detail

struct ImportReport {
  std::size_t rows = 0;
  Problems problems;  // position = the line the problem is on
};

// Checks every row; `tenant` may be null (domains and groups then go unchecked).
inline ImportReport check_import_rows(std::string_view csv, const TenantSnapshot* tenant) {
  using namespace import_detail;
  ImportReport report;
  Problems& problems = report.problems;
  std::size_t& rows = report.rows;
  ImportFacts facts;
  facts.tenant = tenant;
  if (csv.starts_with("\xEF\xBB\xBF")) csv.remove_prefix(3);  // the byte-order mark of Excel's "CSV UTF-8"
  const CsvDocument doc = parse_csv(csv);
  if (doc.unterminated_quote_line)
    add(problems, doc.unterminated_quote_line, "", "", "csv_unterminated_quote", "A quoted field is never closed.");
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

  return report;
}

}  // namespace pcu::cli
