// The authorization matrix: every route against every kind of caller, each on a fresh copy
// of the demo database. Every expected status is written out; anything else fails, so an
// unexpected allow cannot pass. R-A1..R-A6, R-UM10, R-UM14..R-UM17, R-RP1.
#include <gtest/gtest.h>

#include <array>
#include <map>

#include "server_fixture.hpp"

namespace pcu_test {
namespace {

// Columns of the matrix.
enum Caller { owner, mgr_ga, mgr, dev, guest_dev, users_r, users_rw, other_ga, none, caller_count };
const std::array<const char*, caller_count> caller_names = {"owner",    "manager_global_admin", "manager",
                                                            "developer", "guest_developer",      "users_read",
                                                            "users_read_write", "other_tenant_global_admin",
                                                            "no_session"};
// owner; alice: Manager + global admin; bob: Manager; carol: Developer; gina: guest Developer;
// dave: Account users read; erin: Account users read/write; zed: Manager + global admin of Contoso.
const std::array<const char*, caller_count> usernames = {owner_username,      "alice@example.org", "bob@example.org",
                                                         "carol@example.org", "gina@partner.example", "dave@example.org",
                                                         "erin@example.org",  "zed@contoso.example", ""};

struct Row {
  const char* method;
  const char* path;
  const char* body;  // JSON text, or empty
  const char* if_match;
  std::array<int, caller_count> expected;  // owner mgr_ga mgr dev guest users_r users_rw other_ga none
};

const Row rows[] = {
    {"GET", "/api/v1/health", "", "", {200, 200, 200, 200, 200, 200, 200, 200, 200}},
    {"GET", "/api/v1/openapi.json", "", "", {200, 200, 200, 200, 200, 200, 200, 200, 200}},
    {"POST", "/api/v1/session", R"({"username":"frank@example.org","password":"Demo-pass-1"})", "",
     {200, 200, 200, 200, 200, 200, 200, 200, 200}},
    {"GET", "/api/v1/session", "", "", {200, 200, 200, 200, 200, 200, 200, 200, 401}},
    {"DELETE", "/api/v1/session", "", "", {200, 200, 200, 200, 200, 200, 200, 200, 401}},
    {"PUT", "/api/v1/session/tenant", R"({"tenant_id":"t-example-org"})", "",
     {200, 200, 200, 200, 200, 200, 200, 403, 401}},
    // The owner's current password is not the demo password: 422 for it.
    {"POST", "/api/v1/session/password", R"({"current_password":"Demo-pass-1","new_password":"Fresh-pass-123"})", "",
     {422, 200, 200, 200, 200, 200, 200, 200, 401}},
    {"POST", "/api/v1/password-recovery", R"({"username":"alice@example.org"})", "",
     {202, 202, 202, 202, 202, 202, 202, 202, 202}},
    {"POST", "/api/v1/password-recovery/complete", R"({"token":"nope","new_password":"Fresh-pass-123"})", "",
     {404, 404, 404, 404, 404, 404, 404, 404, 404}},
    {"GET", "/api/v1/tenants", "", "", {200, 200, 200, 200, 200, 200, 200, 200, 401}},
    {"GET", "/api/v1/directory/users", "", "", {200, 200, 200, 403, 403, 403, 200, 200, 401}},
    {"GET", "/api/v1/users", "", "", {200, 200, 200, 403, 403, 200, 200, 200, 401}},
    // Zed acts in Contoso, where u-judy is no directory user: allowed, then 422.
    {"POST", "/api/v1/users", R"({"user_ids":["u-judy"],"access":{"roles":["marketer"]}})", "",
     {201, 201, 201, 403, 403, 403, 201, 422, 401}},
    // Zed may create in Contoso, where example.org is no verified domain: 422.
    {"POST", "/api/v1/directory/users",
     R"({"first_name":"N","last_name":"N","username":"n@example.org","access":{"roles":["developer"]}})", "",
     {201, 201, 403, 403, 403, 403, 403, 422, 401}},
    {"GET", "/api/v1/users/u-frank", "", "", {200, 200, 200, 403, 403, 200, 200, 200, 401}},
    {"PATCH", "/api/v1/users/u-frank", R"({"first_name":"Franklin"})", "\"1\"",
     {200, 200, 403, 403, 403, 403, 403, 403, 401}},
    // R-A6: disabling is a directory change (edit_profile).
    {"PATCH", "/api/v1/users/u-frank", R"({"enabled":false})", "\"1\"",
     {200, 200, 403, 403, 403, 403, 403, 403, 401}},
    {"PATCH", "/api/v1/users/u-frank", R"({"groups":["Analysts"]})", "\"1\"",
     {200, 200, 403, 403, 403, 403, 403, 403, 401}},
    {"PATCH", "/api/v1/users/u-frank", R"({"access":{"roles":["marketer"]}})", "\"1\"",
     {200, 200, 200, 403, 403, 403, 200, 200, 401}},
    {"PATCH", "/api/v1/users/u-owner", R"({"access":{"roles":["marketer"]}})", "\"1\"",
     {403, 403, 403, 403, 403, 403, 403, 403, 401}},
    {"DELETE", "/api/v1/users/u-frank", "", "", {200, 200, 200, 403, 403, 403, 200, 200, 401}},
    {"DELETE", "/api/v1/users/u-owner", "", "", {403, 403, 403, 403, 403, 403, 403, 403, 401}},
    {"POST", "/api/v1/users/u-frank/password-reset", "", "", {200, 200, 403, 403, 403, 403, 403, 403, 401}},
    {"GET", "/api/v1/users/u-alice/history", "", "", {200, 403, 403, 403, 403, 403, 403, 403, 401}},
    {"GET", "/api/v1/invitations", "", "", {200, 200, 200, 403, 403, 200, 200, 200, 401}},
    // Zed invites into its own tenant, Contoso.
    {"POST", "/api/v1/invitations", R"({"text":"new@ext.example","access":{"roles":["developer"]}})", "",
     {201, 201, 403, 403, 403, 403, 403, 201, 401}},
    {"POST", "/api/v1/invitations/accept", R"({"token":"nope","password":"Fresh-pass-123"})", "",
     {404, 404, 404, 404, 404, 404, 404, 404, 404}},
    {"POST", "/api/v1/invitations/i-pat/resend", "", "", {200, 200, 403, 403, 403, 403, 403, 403, 401}},
    {"DELETE", "/api/v1/invitations/i-pat", "", "", {200, 200, 403, 403, 403, 403, 403, 403, 401}},
    {"GET", "/api/v1/groups", "", "", {200, 200, 200, 403, 403, 200, 200, 200, 401}},
    {"POST", "/api/v1/groups", R"({"display_name":"Testers"})", "", {201, 201, 403, 403, 403, 403, 403, 201, 401}},
    // Zed's tenant has no group g-everyone: allowed, then 422.
    {"PUT", "/api/v1/groups/access", R"({"group_ids":["g-everyone"],"access":{"roles":["marketer"]}})", "",
     {200, 200, 200, 403, 403, 403, 200, 422, 401}},
    // A group of another tenant than Zed's acting one is not found for it, as in the list (R-A5).
    {"GET", "/api/v1/groups/g-release", "", "", {200, 200, 200, 403, 403, 200, 200, 404, 401}},
    {"GET", "/api/v1/products", "", "", {200, 200, 200, 200, 200, 200, 200, 200, 401}},
    {"POST", "/api/v1/products", R"({"id":"app-new","name":"New app"})", "",
     {201, 201, 201, 403, 403, 403, 403, 201, 401}},
    {"POST", "/api/v1/activity", R"({"path":"/users"})", "", {200, 200, 200, 200, 200, 200, 200, 200, 401}},
    {"GET", "/api/v1/audit", "", "", {200, 200, 200, 403, 403, 403, 403, 200, 401}},
    {"POST", "/api/v1/authorize", R"({"user_id":"u-carol","action":"submit_app"})", "",
     {200, 200, 200, 403, 403, 200, 200, 200, 401}},
};

class AuthorizationMatrix : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    PCU_SKIP_UNLESS_AVAILABLE(ws);
    auto& p = pristine[ws.backend];
    if (!p) {
      p = std::make_unique<Workspace>(ws.backend);
      p->init_demo();
    }
  }
  static void TearDownTestSuite() { pristine.clear(); }

  // A workspace on a fresh copy of the suite's demo database.
  std::unique_ptr<Workspace> fresh_copy() {
    return std::make_unique<Workspace>(ws.backend, pristine[ws.backend].get());
  }

  // One demo database per backend for the whole suite; every case runs on its own copy.
  static std::map<std::string, std::unique_ptr<Workspace>> pristine;
  Workspace ws{current_backend()};
};
std::map<std::string, std::unique_ptr<Workspace>> AuthorizationMatrix::pristine;
PCU_ON_EVERY_BACKEND(AuthorizationMatrix);

TEST_P(AuthorizationMatrix, EveryRouteAgainstEveryCaller) {
  for (const auto& row : rows) {
    for (int who = 0; who < caller_count; ++who) {
      const auto copy = fresh_copy();
      ServerProcess server(*copy);
      Client client(server.port);
      if (who != none) {
        ASSERT_EQ(client.sign_in(usernames[who], who == owner ? owner_password : demo_password).status, 200);
      }
      httplib::Headers headers;
      if (*row.if_match) headers.emplace("If-Match", row.if_match);
      const auto r = client.send(row.method, row.path, row.body, headers);
      EXPECT_EQ(r.status, row.expected[who])
          << row.method << " " << row.path << " as " << caller_names[who] << ": " << r.text;
      if (r.status == 403) {
        EXPECT_FALSE(r.code().empty()) << row.path;
      }
    }
  }
}

// R-UM16 R-A4 R-A5: the 403s carry the decision's code.
TEST_P(AuthorizationMatrix, RefusalsCarryTheDecisionCode) {
  const auto copy = fresh_copy();
  ServerProcess server(*copy);
  Client bob(server.port), zed(server.port), carol(server.port), gina(server.port);
  ASSERT_EQ(bob.sign_in("bob@example.org", demo_password).status, 200);
  ASSERT_EQ(zed.sign_in("zed@contoso.example", demo_password).status, 200);
  ASSERT_EQ(carol.sign_in("carol@example.org", demo_password).status, 200);
  EXPECT_EQ(bob.post("/api/v1/invitations", {{"text", "a@b.example"}, {"access", {{"roles", {"developer"}}}}}).code(),
            "not_global_admin");
  EXPECT_EQ(zed.patch("/api/v1/users/u-frank", {{"first_name", "F"}}, "\"1\"").code(), "foreign_tenant");
  EXPECT_EQ(carol.get("/api/v1/users").code(), "missing_account_users_permission");
  Client dave(server.port);
  ASSERT_EQ(dave.sign_in("dave@example.org", demo_password).status, 200);
  EXPECT_EQ(dave.post("/api/v1/users", {{"user_ids", {"u-judy"}}, {"access", {{"roles", {"developer"}}}}}).code(),
            "account_users_read_only");
  (void)gina;
}

}  // namespace
}  // namespace pcu_test
