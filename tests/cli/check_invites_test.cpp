// pcu check-invites: the invitation text of R-UM7 through the real binary.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_run.hpp"

using nlohmann::json;

// R-UM7
TEST(CliCheckInvites, AcceptsAPastedListWithAQuotedDisplayName) {
  const auto r = run_pcu("check-invites --json " + shell_quote("\"Doe, Jane\" <Jane@Example.com>; bob@example.org"));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto j = json::parse(r.out);
  EXPECT_TRUE(j["ok"].get<bool>());
  EXPECT_EQ(j["addresses"], json::array({"jane@example.com", "bob@example.org"}));
  EXPECT_TRUE(j["problems"].empty());
}

// R-UM7
TEST(CliCheckInvites, ElevenAddressesNameTheEleventh) {
  std::string text;
  for (int i = 1; i <= 11; ++i) text += "user" + std::to_string(i) + "@example.org,";
  const auto r = run_pcu("check-invites --json -", text);
  ASSERT_EQ(r.exit_code, 1) << r.out;
  const auto j = json::parse(r.out);
  EXPECT_FALSE(j["ok"].get<bool>());
  ASSERT_EQ(j["problems"].size(), 1u);
  EXPECT_EQ(j["problems"][0]["code"], "invite_limit_exceeded");
  EXPECT_EQ(j["problems"][0]["position"], 11);
  EXPECT_EQ(j["problems"][0]["item"], "user11@example.org");
}

// R-UM7
TEST(CliCheckInvites, TextOutputNamesEachBadItem) {
  const auto r = run_pcu("check-invites " + shell_quote("ok@example.org; jane@ex ample.org; OK@example.org"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("item 2 \"jane@ex ample.org\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("duplicate_address"), std::string::npos) << r.out;
}

TEST(CliUsage, MissingArgumentOrUnknownCommandIsAUsageError) {
  EXPECT_EQ(run_pcu("check-invites").exit_code, 2);
  EXPECT_EQ(run_pcu("no-such-command x").exit_code, 2);
  EXPECT_EQ(run_pcu("").exit_code, 2);
  EXPECT_EQ(run_pcu("decide /no/such/file.json").exit_code, 2);
}
