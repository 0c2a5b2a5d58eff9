// pcu decide: decision requests in the wire format of RULES.md through the real binary.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_run.hpp"

using nlohmann::json;

// R-A4
TEST(CliDecide, ManagerWithoutGlobalAdminCannotInvite) {
  const json request = {{"actor", {{"kind", "user"}, {"id", "u1"}, {"tenant", "t1"}, {"type", "member"},
                                   {"global_admin", false}, {"access", {{"roles", {"manager"}}}}}},
                        {"action", "invite_users"},
                        {"tenant", "t1"}};
  const auto r = run_pcu("decide --json -", request.dump());
  ASSERT_EQ(r.exit_code, 1) << r.out;
  const auto j = json::parse(r.out);
  EXPECT_FALSE(j["allowed"].get<bool>());
  EXPECT_EQ(j["code"], "not_global_admin");
  EXPECT_FALSE(j["message"].get<std::string>().empty());
}

// R-UM10
TEST(CliDecide, GuestDeveloperCannotCreateStorePackages) {
  const auto r = run_pcu("decide --json " + shell_quote(data_file("guest_package.json")));
  ASSERT_EQ(r.exit_code, 1) << r.out;
  EXPECT_EQ(json::parse(r.out)["code"], "guest_restricted");
}

// R-A2
TEST(CliDecide, OwnerIsAllowedAndTextSaysSo) {
  const json request = {{"actor", {{"kind", "owner"}, {"id", "o"}}}, {"action", "update_payout_account"}};
  const auto r = run_pcu("decide -", request.dump());
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("allowed"), std::string::npos);
}

TEST(CliDecide, MalformedRequestsGetProblemsWithFieldPaths) {
  auto r = run_pcu("decide --json -", "{\"actor\": {\"kind\": \"robot\"}, \"action\": 3}");
  ASSERT_EQ(r.exit_code, 1);
  auto j = json::parse(r.out);
  // Denied as the module's decide() denies it: one shape whether the request was read or not.
  EXPECT_EQ(j["allowed"], false) << r.out;
  EXPECT_EQ(j["code"], "invalid_request") << r.out;
  ASSERT_EQ(j["problems"].size(), 2u) << r.out;
  EXPECT_EQ(j["problems"][0]["field"], "actor.kind");
  EXPECT_EQ(j["problems"][0]["code"], "unknown_kind");
  EXPECT_EQ(j["problems"][1]["field"], "action");
  EXPECT_EQ(j["problems"][1]["code"], "wrong_type");
  r = run_pcu("decide --json -", "{not json");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(json::parse(r.out)["problems"][0]["code"], "invalid_json");
}
