// pcu check-user and pcu check-import: create-user requests and CSV imports.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_run.hpp"

using nlohmann::json;

namespace {
json tenant() {
  return {{"verified_domains", {"example.org"}}, {"usernames", {"taken@example.org"}}, {"groups", {"Developers"}}};
}
}  // namespace

// R-UM3 R-UM4 R-UM5
TEST(CliCheckUser, ValidRequestPasses) {
  json request = {{"first_name", "Ana"}, {"last_name", "Lima"}, {"username", "ana@example.org"},
                  {"global_admin", true}, {"recovery_email", "ana@home.example.net"},
                  {"groups", {"Developers"}}, {"access", {{"roles", {"developer"}}}}, {"tenant", tenant()}};
  const auto r = run_pcu("check-user --json -", request.dump());
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(json::parse(r.out)["ok"].get<bool>());
}

// R-UM3 R-UM4 R-UM5
TEST(CliCheckUser, EveryProblemIsReported) {
  json request = {{"first_name", ""}, {"last_name", "Lima"}, {"username", "Taken@example.org"},
                  {"global_admin", true}, {"groups", {"Nope"}}, {"access", {{"roles", json::array()}}},
                  {"tenant", tenant()}};
  const auto r = run_pcu("check-user --json -", request.dump());
  ASSERT_EQ(r.exit_code, 1) << r.out;
  const auto j = json::parse(r.out);
  std::vector<std::string> codes;
  for (const auto& p : j["problems"]) codes.push_back(p["code"]);
  EXPECT_EQ(codes, (std::vector<std::string>{"name_required", "username_taken", "recovery_email_required",
                                             "unknown_group", "access_empty"}));
}

// R-UM3 R-UM5
TEST(CliCheckImport, EveryRowCheckedWithItsLine) {
  const auto r = run_pcu("check-import --json --tenant " + shell_quote(data_file("tenant.json")) + " " +
                         shell_quote(data_file("users.csv")));
  ASSERT_EQ(r.exit_code, 1) << r.out;
  const auto j = json::parse(r.out);
  EXPECT_EQ(j["rows"], 5);
  std::vector<std::pair<int, std::string>> got;
  for (const auto& p : j["problems"]) got.emplace_back(p["line"].get<int>(), p["code"].get<std::string>());
  const std::vector<std::pair<int, std::string>> want = {
      {3, "domain_not_verified"}, {4, "unknown_role"},   {4, "unknown_group"},
      {4, "access_empty"},        {5, "username_taken"}, {6, "csv_wrong_columns"}};
  EXPECT_EQ(got, want) << r.out;
}

// R-UM3
TEST(CliCheckImport, ValidFileWithQuotedCellsPasses) {
  const std::string csv =
      "first name,last name,username,groups,roles\n"
      "\"Ana, Maria\",Lima,ana@example.org,Developers,developer;marketer\r\n"
      "Bo,\"O\"\"Neil\",bo@example.org,,manager\n";
  const auto r = run_pcu("check-import --tenant " + shell_quote(data_file("tenant.json")) + " -", csv);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("2 rows, all valid"), std::string::npos) << r.out;
}

// A tenant as large as real ones (3,000 usernames, 68 KB) is read, and the username it holds
// is found; a tenant file that is not JSON is named as the problem, not the CSV.
TEST(CliCheckImport, ALargeTenantIsReadAndABadOneIsNamed) {
  std::string names;
  for (int i = 0; i < 3000; ++i) names += std::string(i ? "," : "") + "\"user" + std::to_string(i) + "@example.org\"";
  char path[] = "/tmp/pcu-tenant-XXXXXX";
  const int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  close(fd);
  std::ofstream(path) << R"({"verified_domains":["example.org"],"groups":[],"usernames":[)" << names << "]}";
  const auto taken = run_pcu(std::string("check-import --json --tenant ") + path + " -",
                             "first name,last name,username,groups,roles\nA,B,user5@example.org,,developer\n");
  EXPECT_EQ(taken.exit_code, 1) << taken.out;
  EXPECT_NE(taken.out.find("username_taken"), std::string::npos) << taken.out;
  std::ofstream(path) << "{not json";
  const auto bad = run_pcu(std::string("check-import --tenant ") + path + " -",
                           "first name,last name,username,groups,roles\nA,B,a@example.org,,developer\n");
  EXPECT_EQ(bad.exit_code, 1) << bad.out;
  EXPECT_NE(bad.out.find("tenant: "), std::string::npos) << bad.out;
  std::remove(path);
}

// Files as spreadsheets save them: a byte-order mark before the header row (Excel's "CSV
// UTF-8") is not part of the first cell.
TEST(CliCheckImport, AByteOrderMarkBeforeTheHeaderIsSkipped) {
  const std::string csv = "\xEF\xBB\xBF" "first name,last name,username,groups,roles\r\nAna,Lima,ana@example.org,,developer\r\n";
  const auto r = run_pcu("check-import --tenant " + shell_quote(data_file("tenant.json")) + " -", csv);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("1 row, all valid"), std::string::npos) << r.out;
}

// Input that is not UTF-8 is a problem to report, with --json too, never a crash; a directory
// named as the file cannot be read (exit 2).
TEST(CliCheckImport, BytesThatAreNotUtf8AndDirectoriesGetClearAnswers) {
  const auto bad = run_pcu("check-import --json --tenant " + shell_quote(data_file("tenant.json")) + " -",
                           "Jane,Doe,ja\xffne@example.org,,developer\n");
  EXPECT_EQ(bad.exit_code, 1) << bad.out;
  const auto j = json::parse(bad.out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << bad.out;
  EXPECT_EQ(j["ok"], false);
  const auto invites = run_pcu("check-invites --json " + shell_quote("a\xff@example.org"));
  EXPECT_EQ(invites.exit_code, 1) << invites.out;
  EXPECT_FALSE(json::parse(invites.out, nullptr, false).is_discarded()) << invites.out;
  const auto directory = run_pcu("check-import --tenant " + shell_quote(data_file("tenant.json")) + " /tmp");
  EXPECT_EQ(directory.exit_code, 2) << directory.out;
}

// A problem about the whole document (no field) is printed as its message, not ": message".
TEST(CliCheckUser, AProblemWithoutAFieldReadsAsASentence) {
  const auto r = run_pcu("check-user -", "[]");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_EQ(r.out.find("  : "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1 problem:\n  "), std::string::npos) << r.out;
}

// R-RP2 R-RP4: an actor's own access and its groups' are checked for levels, as a bare access is.
TEST(CliPermissions, RefusesLevelsAnAreaDoesNotAllowInAnActor) {
  const json own = {{"kind", "user"}, {"access", {{"account", {{"payout_summary", "read_write"}}}}}};
  auto r = run_pcu("permissions --json -", own.dump());
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("actor.access.account.payout_summary"), std::string::npos) << r.out;
  const json group = {{"kind", "user"},
                      {"groups", {{{"id", "g"}, {"access", {{"products", {{"*", {{"contact_customer", "read"}}}}}}}}}}};
  r = run_pcu("permissions -", group.dump());
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("actor.groups[0].access"), std::string::npos) << r.out;
}

// R-RP6 R-RP7
TEST(CliPermissions, PrintsTheUnionWithMixed) {
  const json actor = {
      {"kind", "user"},
      {"access", {{"roles", json::array()}, {"products", {{"*", {{"usage", "read"}}}, {"app-1", {{"packages", "read_write"}}}}}}},
      {"groups", {{{"id", "g"}, {"access", {{"roles", {"marketer"}}}}}}}};
  auto r = run_pcu("permissions --json -", actor.dump());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto j = json::parse(r.out);
  EXPECT_EQ(j["roles"], json::array({"marketer"}));
  EXPECT_EQ(j["products"]["*"]["usage"], "read");
  EXPECT_EQ(j["products"]["app-1"]["packages"], "read_write");
  r = run_pcu("permissions -", actor.dump());
  EXPECT_NE(r.out.find("Mixed"), std::string::npos) << r.out;
}
