// Disabling and enabling a user with PATCH /users/{id} {"enabled": ...}: a disabled user
// cannot sign in and its sessions end at once; enabling lets it sign in again (R-A6). It is a
// directory change (edit_profile: R-A4 global administrator of the acting tenant, R-A5).
#include <gtest/gtest.h>

#include "server_fixture.hpp"

namespace pcu_test {
namespace {

using DisableUser = ServerTest;
PCU_ON_EVERY_BACKEND(DisableUser);

// R-A6: disable -> the open session answers 401 and sign-in gets the one failure message;
// enable -> the user signs in again.
TEST_P(DisableUser, DisabledCannotSignInAndItsSessionEndsThenEnabledCan) {
  auto o = owner();
  auto frank = as("frank@example.org");
  ASSERT_EQ(frank->get("/api/v1/session").status, 200);

  const auto disabled = o->patch("/api/v1/users/u-frank", {{"enabled", false}}, "\"1\"");
  ASSERT_EQ(disabled.status, 200) << disabled.text;
  EXPECT_EQ(disabled.body["status"], "disabled");
  EXPECT_EQ(disabled.header("ETag"), "\"2\"");
  EXPECT_EQ(count_rows(ws, "SELECT count(*) FROM sessions WHERE user_id = 'u-frank'"), 0);
  EXPECT_EQ(frank->get("/api/v1/session").status, 401);
  EXPECT_EQ(frank->get("/api/v1/session").code(), "unauthenticated");

  auto again = anonymous();
  const auto refused = again->sign_in("frank@example.org", demo_password);
  EXPECT_EQ(refused.status, 401);
  EXPECT_EQ(refused.code(), "sign_in_failed");
  const auto wrong_password = anonymous()->sign_in("grace@example.org", "Wrong-pass-1");
  EXPECT_EQ(refused.body["error"]["message"], wrong_password.body["error"]["message"]);  // R-PW2: one message
  EXPECT_EQ(o->get("/api/v1/users?status=disabled").body["total"], 1);

  const auto enabled = o->patch("/api/v1/users/u-frank", {{"enabled", true}}, "\"2\"");
  ASSERT_EQ(enabled.status, 200) << enabled.text;
  EXPECT_EQ(enabled.body["status"], "active");
  EXPECT_EQ(anonymous()->sign_in("frank@example.org", demo_password).status, 200);
  const auto audit = o->get("/api/v1/audit?target=u-frank&action=edit_user");
  ASSERT_EQ(audit.body["entries"].size(), 2u);
  EXPECT_EQ(audit.body["entries"][1]["after"]["status"], "disabled");
}

// R-A4 R-A5 R-UM15 R-UM16: a Manager without the global-admin flag, a global admin of another
// tenant, disabling the owner, oneself, or a user whose invitation is pending: all refused,
// and nothing changes.
TEST_P(DisableUser, RefusalsChangeNothing) {
  auto bob = as("bob@example.org");
  auto alice = as("alice@example.org");
  auto zed = as("zed@contoso.example");
  auto o = owner();
  const std::string before = dump_database(ws);
  EXPECT_EQ(bob->patch("/api/v1/users/u-frank", {{"enabled", false}}, "\"1\"").code(), "not_global_admin");
  EXPECT_EQ(zed->patch("/api/v1/users/u-frank", {{"enabled", false}}, "\"1\"").code(), "foreign_tenant");
  EXPECT_EQ(alice->patch("/api/v1/users/u-owner", {{"enabled", false}}, "\"1\"").code(), "owner_protected");
  const auto self = alice->patch("/api/v1/users/u-alice", {{"enabled", false}}, "\"1\"");
  EXPECT_EQ(self.status, 422);
  EXPECT_EQ(self.body["error"]["items"][0]["code"], "self_lockout");
  const auto pending = o->patch("/api/v1/users/u-pat", {{"enabled", false}}, "\"1\"");
  EXPECT_EQ(pending.status, 409) << pending.text;
  EXPECT_EQ(pending.code(), "user_pending");
  EXPECT_EQ(o->patch("/api/v1/users/u-frank", {{"enabled", "no"}}, "\"1\"").code(), "wrong_type");
  EXPECT_EQ(dump_database(ws), before);
  EXPECT_EQ(bob->get("/api/v1/session").status, 200);
}

}  // namespace
}  // namespace pcu_test
