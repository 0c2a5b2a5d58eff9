// Bad input: each request gets its 4xx and code, and the database is byte-for-byte the same
// afterwards (a refused request changes nothing). R-UM7, R-UM2, R-UM3, R-PW1, R-A1, RULES "Errors".
#include <gtest/gtest.h>

#include "server_fixture.hpp"

namespace pcu_test {
namespace {

struct BadInput {
  const char* name;
  const char* method;
  const char* path;
  std::string body;
  httplib::Headers headers;
  bool with_csrf;
  int status;
  const char* code;
  const char* first_item_code;  // "" when the answer has no items to check
};

std::string eleven_addresses() {
  std::string text;
  for (int i = 1; i <= 11; ++i) text += (i > 1 ? ", " : "") + std::string("p") + std::to_string(i) + "@ext.example";
  return json{{"text", text}, {"access", {{"roles", {"developer"}}}}}.dump();
}

std::string hundred_and_one_checks() {
  json checks = json::array();
  for (int i = 0; i < 101; ++i) checks.push_back({{"user_id", "u-bob"}, {"action", "list_users"}});
  return json{{"checks", checks}}.dump();
}

std::string nested(int depth) { return std::string(depth, '[') + std::string(depth, ']'); }

const json dev = {{"roles", {"developer"}}};

std::vector<BadInput> table() {
  return {
      {"malformed JSON", "POST", "/api/v1/invitations", "{\"text\": ", {}, true, 400, "invalid_json", "invalid_json"},
      {"wrong type", "POST", "/api/v1/invitations", json{{"text", 5}, {"access", dev}}.dump(), {}, true, 400,
       "wrong_type", "wrong_type"},
      {"unknown field", "POST", "/api/v1/invitations", json{{"text", "a@x.example"}, {"access", dev}, {"cc", 1}}.dump(),
       {}, true, 400, "unknown_field", "unknown_field"},
      {"missing field", "POST", "/api/v1/users", json{{"user_ids", {"u-judy"}}}.dump(), {}, true, 400,
       "missing_field", "missing_field"},
      {"too deep", "POST", "/api/v1/users", nested(100), {}, true, 400, "document_too_deep", ""},
      {"huge body", "POST", "/api/v1/users", std::string(200 * 1024, ' '), {}, true, 413, "body_too_large", ""},
      {"eleven addresses", "POST", "/api/v1/invitations", eleven_addresses(), {}, true, 422, "validation_failed",
       "invite_limit_exceeded"},
      {"invalid address", "POST", "/api/v1/invitations",
       json{{"text", "jane@ex ample.org; ok@ext.example"}, {"access", dev}}.dump(), {}, true, 422, "validation_failed",
       "email_invalid_domain"},
      {"duplicate address", "POST", "/api/v1/invitations",
       json{{"text", "a@ext.example; A@EXT.example"}, {"access", dev}}.dump(), {}, true, 422, "validation_failed",
       "duplicate_address"},
      {"address in use", "POST", "/api/v1/invitations",
       json{{"text", "new@ext.example, alice@example.org"}, {"access", dev}}.dump(), {}, true, 422,
       "validation_failed", "address_in_use"},
      {"empty access", "POST", "/api/v1/users", json{{"user_ids", {"u-judy"}}, {"access", {{"roles", json::array()}}}}.dump(),
       {}, true, 422, "validation_failed", "access_empty"},
      {"owner role", "POST", "/api/v1/users", json{{"user_ids", {"u-judy"}}, {"access", {{"roles", {"owner"}}}}}.dump(),
       {}, true, 422, "validation_failed", "owner_role_not_assignable"},
      {"mixed level", "POST", "/api/v1/users",
       json{{"user_ids", {"u-judy"}}, {"access", {{"products", {{"*", {{"usage", "mixed"}}}}}}}}.dump(), {}, true, 422,
       "validation_failed", "mixed_not_choosable"},
      {"bad username", "POST", "/api/v1/directory/users",
       json{{"first_name", "A"}, {"last_name", "B"}, {"username", "a..b@example.org"}, {"access", dev}}.dump(), {},
       true, 422, "validation_failed", "alias_invalid"},
      {"unverified domain", "POST", "/api/v1/directory/users",
       json{{"first_name", "A"}, {"last_name", "B"}, {"username", "ab@elsewhere.example"}, {"access", dev}}.dump(), {},
       true, 422, "validation_failed", "domain_not_verified"},
      {"missing CSRF", "POST", "/api/v1/invitations", json{{"text", "a@ext.example"}, {"access", dev}}.dump(), {},
       false, 403, "csrf_missing", ""},
      {"wrong CSRF", "DELETE", "/api/v1/users/u-frank", "", {{"X-CSRF-Token", "forged"}}, false, 403, "csrf_invalid",
       ""},
      {"stale If-Match", "PATCH", "/api/v1/users/u-frank", json{{"first_name", "F"}}.dump(), {{"If-Match", "\"7\""}},
       true, 412, "version_mismatch", ""},
      {"missing If-Match", "PATCH", "/api/v1/users/u-frank", json{{"first_name", "F"}}.dump(), {}, true, 412,
       "if_match_required", ""},
      {"control character in name", "PATCH", "/api/v1/users/u-frank", json{{"first_name", "F\x01"}}.dump(),
       {{"If-Match", "\"1\""}}, true, 422, "validation_failed", "name_control_character"},
      {"bad limit", "GET", "/api/v1/users?limit=abc", "", {}, true, 400, "invalid_parameter", ""},
      {"bad sort", "GET", "/api/v1/users?sort=age", "", {}, true, 400, "invalid_parameter", ""},
      {"bad order", "GET", "/api/v1/users?order=sideways", "", {}, true, 400, "invalid_parameter", ""},
      {"negative offset", "GET", "/api/v1/users?offset=-5", "", {}, true, 400, "invalid_parameter", ""},
      {"enabled not a boolean", "PATCH", "/api/v1/users/u-frank", json{{"enabled", "no"}}.dump(),
       {{"If-Match", "\"1\""}}, true, 400, "wrong_type", "wrong_type"},
      {"disable the owner", "PATCH", "/api/v1/users/u-owner", json{{"enabled", false}}.dump(),
       {{"If-Match", "\"1\""}}, true, 403, "owner_protected", ""},
      {"control character in a search", "GET", "/api/v1/users?search=%00", "", {}, true, 400, "invalid_parameter", ""},
      {"control character in a directory search", "GET", "/api/v1/directory/users?search=a%0Ab", "", {}, true, 400,
       "invalid_parameter", ""},
      {"bad cursor", "GET", "/api/v1/users?cursor=%25%25", "", {}, true, 400, "invalid_parameter", ""},
      {"unknown user", "GET", "/api/v1/users/u-nobody", "", {}, true, 404, "not_found", ""},
      {"unknown route", "GET", "/api/v1/nothing-here", "", {}, true, 404, "not_found", ""},
      {"authorize unknown action", "POST", "/api/v1/authorize", json{{"user_id", "u-bob"}, {"action", "fly"}}.dump(),
       {}, true, 422, "validation_failed", "unknown_action"},
      {"authorize 101 checks", "POST", "/api/v1/authorize", hundred_and_one_checks(), {}, true, 422,
       "validation_failed", "too_many_items"},
      {"weak new password", "POST", "/api/v1/session/password",
       json{{"current_password", owner_password}, {"new_password", "abc"}}.dump(), {}, true, 422, "validation_failed",
       "password_too_short"},
      {"resend accepted invitation id", "POST", "/api/v1/invitations/i-nothing/resend", "", {}, true, 404,
       "not_found", ""},
      {"control character in a visited path", "POST", "/api/v1/activity", json{{"path", std::string("/a\0b", 4)}}.dump(),
       {}, true, 422, "validation_failed", "invalid_path"},
      {"control character in a product name", "POST", "/api/v1/products",
       json{{"id", "app-ctl"}, {"name", "App\x07"}}.dump(), {}, true, 422, "validation_failed", "name_control_character"},
      // Routes that take no body accept none or {}: anything else is refused before they act.
      {"remove with a body that is not JSON", "DELETE", "/api/v1/users/u-grace", "{\"oops\": ", {}, true, 400,
       "invalid_json", "invalid_json"},
      {"password reset with a member", "POST", "/api/v1/users/u-frank/password-reset", json{{"x", 1}}.dump(), {}, true,
       400, "unknown_field", "unknown_field"},
      {"password reset with an array", "POST", "/api/v1/users/u-frank/password-reset", "[]", {}, true, 400,
       "wrong_type", "wrong_type"},
      {"resend with a body that is not JSON", "POST", "/api/v1/invitations/i-pat/resend", "not json at all", {}, true,
       400, "invalid_json", "invalid_json"},
      {"revoke with a body that is not JSON", "DELETE", "/api/v1/invitations/i-pat", "{{{", {}, true, 400,
       "invalid_json", "invalid_json"},
      {"sign out with a member", "DELETE", "/api/v1/session", json{{"all", true}}.dump(), {}, true, 400,
       "unknown_field", "unknown_field"},
  };
}

using BadInputTest = ServerTest;
PCU_ON_EVERY_BACKEND(BadInputTest);

TEST_P(BadInputTest, EachIsRefusedWithItsCodeAndChangesNothing) {
  auto o = owner();
  const std::string before = dump_database(ws);
  for (const auto& row : table()) {
    const auto r = o->send(row.method, row.path, row.body, row.headers, row.with_csrf);
    EXPECT_EQ(r.status, row.status) << row.name << ": " << r.text;
    EXPECT_EQ(r.code(), row.code) << row.name << ": " << r.text;
    ASSERT_TRUE(r.body.is_object() && r.body["error"].contains("message")) << row.name << ": " << r.text;
    if (*row.first_item_code) {
      ASSERT_TRUE(r.body["error"].contains("items")) << row.name;
      EXPECT_EQ(r.body["error"]["items"][0]["code"], row.first_item_code) << row.name << ": " << r.text;
    }
    EXPECT_EQ(dump_database(ws), before) << row.name << " changed the database";
  }
}

// R-UM7: every offending item is named with its position; nothing is created.
TEST_P(BadInputTest, InviteErrorsNameEachItemAndPosition) {
  auto o = owner();
  const auto r = o->post("/api/v1/invitations",
                         {{"text", "ok@ext.example; bad@; alice@example.org; OK@ext.example"}, {"access", dev}});
  ASSERT_EQ(r.status, 422);
  const auto& items = r.body["error"]["items"];
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0]["position"], 2);
  EXPECT_EQ(items[1]["position"], 4);
  EXPECT_EQ(items[1]["code"], "duplicate_address");
  EXPECT_EQ(items[2]["code"], "address_in_use");
  EXPECT_EQ(items[2]["position"], 3);
  EXPECT_EQ(o->get("/api/v1/invitations?status=pending").body["invitations"].size(), 1u);  // the demo's only
}

// R-A1: without a session nothing changes either.
TEST_P(BadInputTest, NoSessionChangesNothing) {
  const std::string before = dump_database(ws);
  auto anon = anonymous();
  EXPECT_EQ(anon->post("/api/v1/invitations", {{"text", "a@ext.example"}, {"access", dev}}).status, 401);
  EXPECT_EQ(anon->del("/api/v1/users/u-frank").status, 401);
  EXPECT_EQ(anon->post("/api/v1/invitations/accept", {{"token", "x"}, {"password", "Abc-12345"}}).status, 404);
  EXPECT_EQ(dump_database(ws), before);
}

}  // namespace
}  // namespace pcu_test
