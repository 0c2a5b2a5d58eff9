// Every workflow of RULES.md end to end, over HTTP against the real server and database.
#include <algorithm>

#include <gtest/gtest.h>

#include "server_fixture.hpp"

namespace pcu_test {
namespace {

using Workflow = ServerTest;
PCU_ON_EVERY_BACKEND(Workflow);

const json developer = {{"roles", {"developer"}}};

// R-A1 R-A2: the owner signs in, sees who it is with a CSRF token; no session, no access.
TEST_P(Workflow, OwnerSignsInAndSeesItself) {
  auto anon = anonymous();
  EXPECT_EQ(anon->get("/api/v1/users").status, 401);
  EXPECT_EQ(anon->get("/api/v1/users").code(), "unauthenticated");
  auto o = owner();
  const auto me = o->get("/api/v1/session");
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(me.body["kind"], "owner");
  EXPECT_FALSE(me.body["csrf_token"].get<std::string>().empty());
  EXPECT_EQ(me.body["permissions"]["owner"], true);
  EXPECT_EQ(o->del("/api/v1/session").status, 200);
  EXPECT_EQ(o->get("/api/v1/session").status, 401);
}

// R-UM1: several directory users get one access, given once; adding again is refused.
TEST_P(Workflow, AddExistingUsersWithOneAccess) {
  auto o = owner();
  const auto picker = o->get("/api/v1/directory/users?search=ju");
  ASSERT_EQ(picker.status, 200);
  ASSERT_EQ(picker.body["users"].size(), 1u);
  EXPECT_EQ(picker.body["users"][0]["id"], "u-judy");
  EXPECT_EQ(picker.body["users"][0]["account_user"], false);
  const json marketer = {{"roles", {"marketer"}}};
  const auto added = o->post("/api/v1/users", {{"user_ids", {"u-judy", "u-mallory"}}, {"access", marketer}});
  ASSERT_EQ(added.status, 201) << added.text;
  for (const auto* id : {"u-judy", "u-mallory"}) {
    const auto u = o->get(std::string("/api/v1/users/") + id);
    ASSERT_EQ(u.status, 200);
    EXPECT_EQ(u.body["access"], marketer);
    EXPECT_EQ(u.body["status"], "active");
  }
  const auto again = o->post("/api/v1/users", {{"user_ids", {"u-judy"}}, {"access", marketer}});
  EXPECT_EQ(again.status, 422);
  EXPECT_EQ(again.body["error"]["items"][0]["code"], "already_account_user");
}

// R-UM3 R-UM4 R-UM5 R-UM6: a global admin creates a user; the temporary password is shown
// once and must be changed before anything else.
TEST_P(Workflow, CreateUserThenSignInWithTemporaryPasswordThatMustChange) {
  auto alice = as("alice@example.org");
  const json body = {{"first_name", "Nina"},     {"last_name", "New"},
                     {"username", "nina@example.org"}, {"global_admin", true},
                     {"groups", {"Release managers"}}, {"access", {{"roles", {"manager"}}}}};
  const auto missing = alice->post("/api/v1/directory/users", body);
  EXPECT_EQ(missing.status, 422);  // R-UM4: a global admin needs a recovery email
  EXPECT_EQ(missing.body["error"]["items"][0]["code"], "recovery_email_required");
  json complete = body;
  complete["recovery_email"] = "nina@mail.example";
  const auto created = alice->post("/api/v1/directory/users", complete);
  ASSERT_EQ(created.status, 201) << created.text;
  const std::string temp = created.body["temporary_password"];
  EXPECT_GE(temp.size(), 16u);
  EXPECT_EQ(created.body["user"]["groups"], json::array({"g-release"}));
  EXPECT_EQ(created.header("Cache-Control"), "no-store");
  const std::string id = created.body["user"]["id"];
  EXPECT_FALSE(alice->get("/api/v1/users/" + id).body.contains("temporary_password"));

  auto nina = anonymous();
  const auto signed_in = nina->sign_in("NINA@example.org", temp);
  ASSERT_EQ(signed_in.status, 200);
  EXPECT_EQ(signed_in.body["must_change_password"], true);
  EXPECT_EQ(nina->get("/api/v1/users").code(), "password_change_required");
  EXPECT_EQ(nina->get("/api/v1/session").status, 200);
  const auto weak = nina->post("/api/v1/session/password", {{"current_password", temp}, {"new_password", "short"}});
  EXPECT_EQ(weak.status, 422);
  const auto same = nina->post("/api/v1/session/password", {{"current_password", temp}, {"new_password", temp}});
  EXPECT_EQ(same.status, 422) << same.text;  // the temporary password is changed, not kept
  EXPECT_EQ(same.body["error"]["items"][0]["code"], "password_unchanged");
  EXPECT_EQ(nina->get("/api/v1/users").code(), "password_change_required");
  const auto changed =
      nina->post("/api/v1/session/password", {{"current_password", temp}, {"new_password", "Nina-own-pass-9"}});
  ASSERT_EQ(changed.status, 200) << changed.text;
  // The password change gave the browser a new session id: the old cookie ends with the old password.
  EXPECT_EQ(nina->get("/api/v1/users").status, 401);
  EXPECT_EQ(anonymous()->sign_in("nina@example.org", temp).status, 401);
  EXPECT_EQ(anonymous()->sign_in("nina@example.org", "Nina-own-pass-9").status, 200);
}

// R-UM7 R-UM8: a pasted list with a quoted display name; the guest is pending, cannot sign
// in, and accepts through the mailed single-use link.
TEST_P(Workflow, InvitePastedListThenAcceptFromMail) {
  auto o = owner();
  const auto r = o->post("/api/v1/invitations",
                         {{"text", "\"Doe, Jane\" <Jane@Ext.example>; bo@ext.example,, "}, {"access", developer}});
  ASSERT_EQ(r.status, 201) << r.text;
  ASSERT_EQ(r.body["invitations"].size(), 2u);
  EXPECT_EQ(r.body["invitations"][0]["email"], "jane@ext.example");
  EXPECT_EQ(r.body["invitations"][0]["display_name"], "Doe, Jane");
  const std::string user_id = r.body["invitations"][0]["user_id"];
  const auto u = o->get("/api/v1/users/" + user_id);
  EXPECT_EQ(u.body["status"], "invitation_pending");
  EXPECT_EQ(u.body["type"], "guest");
  const auto pending = o->get("/api/v1/users?status=invitation_pending");
  EXPECT_EQ(pending.body["users"].size(), 3u);  // Jane, Bo and the demo's Pat

  EXPECT_EQ(anonymous()->sign_in("jane@ext.example", "Jane-pass-123").status, 401);  // R-A6
  const auto token = invitation_token(ws, "jane@ext.example");
  ASSERT_FALSE(token.empty());
  const auto accepted =
      anonymous()->post("/api/v1/invitations/accept", {{"token", token}, {"password", "Jane-pass-123"}});
  ASSERT_EQ(accepted.status, 200) << accepted.text;
  EXPECT_EQ(anonymous()->sign_in("jane@ext.example", "Jane-pass-123").status, 200);
  EXPECT_EQ(o->get("/api/v1/users/" + user_id).body["status"], "active");
  const auto reused =
      anonymous()->post("/api/v1/invitations/accept", {{"token", token}, {"password", "Jane-pass-456"}});
  EXPECT_EQ(reused.status, 404);
  EXPECT_EQ(reused.code(), "invitation_not_found");
}

// R-UM9: resending issues a new link and the old one stops working; at most once a minute.
TEST_P(Workflow, ResendMakesTheOldLinkUseless) {
  auto o = owner();
  const auto r = o->post("/api/v1/invitations", {{"text", "kim@ext.example"}, {"access", developer}});
  ASSERT_EQ(r.status, 201);
  const std::string id = r.body["invitations"][0]["id"];
  const auto old_token = invitation_token(ws, "kim@ext.example");
  const auto soon = o->post("/api/v1/invitations/" + id + "/resend", json::object());
  EXPECT_EQ(soon.status, 429);
  EXPECT_EQ(soon.code(), "resend_too_soon");
  ws.advance(61);
  ASSERT_EQ(o->post("/api/v1/invitations/" + id + "/resend", json::object()).status, 200);
  const auto new_token = invitation_token(ws, "kim@ext.example", 1);
  ASSERT_FALSE(new_token.empty());
  ASSERT_NE(new_token, old_token);
  EXPECT_EQ(anonymous()->post("/api/v1/invitations/accept", {{"token", old_token}, {"password", "Kim-pass-1234"}}).status,
            404);
  EXPECT_EQ(anonymous()->post("/api/v1/invitations/accept", {{"token", new_token}, {"password", "Kim-pass-1234"}}).status,
            200);
}

// R-UM9 beyond: invitations expire after 7 days; revoked ones cannot be accepted.
TEST_P(Workflow, InvitationsExpireAndCanBeRevoked) {
  auto o = owner();
  ASSERT_EQ(o->post("/api/v1/invitations", {{"text", "lee@ext.example; max@ext.example"}, {"access", developer}}).status,
            201);
  const auto lee = invitation_token(ws, "lee@ext.example");
  const auto max = invitation_token(ws, "max@ext.example");
  const auto list = o->get("/api/v1/invitations?status=pending");
  std::string max_id;
  for (const auto& i : list.body["invitations"])
    if (i["email"] == "max@ext.example") max_id = i["id"];
  ASSERT_EQ(o->del("/api/v1/invitations/" + max_id).status, 200);
  EXPECT_EQ(anonymous()->post("/api/v1/invitations/accept", {{"token", max}, {"password", "Max-pass-1234"}}).status, 404);
  ws.advance(7 * 86400 + 1);
  const auto expired = anonymous()->post("/api/v1/invitations/accept", {{"token", lee}, {"password", "Lee-pass-1234"}});
  EXPECT_EQ(expired.status, 409);
  EXPECT_EQ(expired.code(), "invitation_expired");
}

// R-UM13: name and groups are directory changes (global admin); access needs R-A3 only;
// edits need the current version in If-Match.
TEST_P(Workflow, EditNameGroupsAndAccessWithVersions) {
  auto alice = as("alice@example.org");
  const auto carol = alice->get("/api/v1/users/u-carol");
  ASSERT_EQ(carol.status, 200);
  const std::string etag = carol.header("ETag");
  EXPECT_EQ(etag, "\"1\"");
  const json change = {{"first_name", "Caroline"}, {"groups", {"Analysts"}}, {"access", {{"roles", {"marketer"}}}}};
  const auto edited = alice->patch("/api/v1/users/u-carol", change, etag);
  ASSERT_EQ(edited.status, 200) << edited.text;
  EXPECT_EQ(edited.body["first_name"], "Caroline");
  EXPECT_EQ(edited.body["groups"], json::array({"g-analysts"}));
  EXPECT_EQ(edited.body["access"], json({{"roles", {"marketer"}}}));
  EXPECT_EQ(edited.header("ETag"), "\"2\"");
  const auto stale = alice->patch("/api/v1/users/u-carol", {{"last_name", "C"}}, etag);
  EXPECT_EQ(stale.status, 412);
  EXPECT_EQ(stale.code(), "version_mismatch");

  auto bob = as("bob@example.org");  // Manager without global admin
  const auto name = bob->patch("/api/v1/users/u-carol", {{"last_name", "C"}}, "\"2\"");
  EXPECT_EQ(name.status, 403);
  EXPECT_EQ(name.code(), "not_global_admin");
  const auto access = bob->patch("/api/v1/users/u-carol", {{"access", developer}}, "\"2\"");
  EXPECT_EQ(access.status, 200) << access.text;
}

// R-UM11 R-A6: a reset answers a temporary password once and ends the user's sessions.
TEST_P(Workflow, ResetPasswordEndsSessions) {
  auto carol = as("carol@example.org");
  ASSERT_EQ(carol->get("/api/v1/session").status, 200);
  auto alice = as("alice@example.org");
  const auto reset = alice->post("/api/v1/users/u-carol/password-reset", json::object());
  ASSERT_EQ(reset.status, 200) << reset.text;
  EXPECT_EQ(carol->get("/api/v1/session").status, 401);
  EXPECT_EQ(anonymous()->sign_in("carol@example.org", demo_password).status, 401);
  auto again = anonymous();
  const auto r = again->sign_in("carol@example.org", reset.body["temporary_password"]);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body["must_change_password"], true);
  // Guests are not reset (R-UM11 member users only).
  EXPECT_EQ(alice->post("/api/v1/users/u-gina/password-reset", json::object()).code(), "target_not_member");
}

// R-UM14: only the owner sees visits of the last 30 days, newest first; older ones go.
TEST_P(Workflow, HistoryVisibleToOwnerOnlyAndPurgedAfter30Days) {
  auto carol = as("carol@example.org");
  ASSERT_EQ(carol->post("/api/v1/activity", {{"path", "/products/app-7"}}).status, 200);
  ws.advance(10);
  ASSERT_EQ(carol->post("/api/v1/activity", {{"path", "/users"}}).status, 200);
  auto o = owner();
  const auto h = o->get("/api/v1/users/u-carol/history");
  ASSERT_EQ(h.status, 200);
  ASSERT_EQ(h.body["visits"].size(), 3u);  // two new ones and the demo's visit 3 days ago
  EXPECT_EQ(h.body["visits"][0]["path"], "/users");
  EXPECT_EQ(h.body["last_activity"], ws.now());
  auto alice = as("alice@example.org");
  const auto refused = alice->get("/api/v1/users/u-carol/history");
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(refused.code(), "owner_only");
  ws.advance(28 * 86400);  // the demo visit is now 31 days old
  auto o2 = owner();
  EXPECT_EQ(o2->get("/api/v1/users/u-carol/history").body["visits"].size(), 2u);
  ws.advance(3 * 86400);
  auto o3 = owner();
  EXPECT_EQ(o3->get("/api/v1/users/u-carol/history").body["visits"].size(), 0u);
  EXPECT_EQ(count_rows(ws, "SELECT count(*) FROM visits WHERE user_id = 'u-carol'"), 0);
}

// R-UM15 R-A6: removal ends access and sessions, keeps the directory user, allows adding again.
TEST_P(Workflow, RemoveThenCannotSignInThenAddAgain) {
  auto carol = as("carol@example.org");
  auto o = owner();
  ASSERT_EQ(o->del("/api/v1/users/u-carol").status, 200);
  EXPECT_EQ(carol->get("/api/v1/session").status, 401);
  const auto refused = anonymous()->sign_in("carol@example.org", demo_password);
  EXPECT_EQ(refused.status, 401);
  EXPECT_EQ(refused.code(), "sign_in_failed");
  EXPECT_EQ(o->get("/api/v1/users/u-carol").status, 404);
  const auto picker = o->get("/api/v1/directory/users?search=carol");
  ASSERT_EQ(picker.body["users"].size(), 1u);
  EXPECT_EQ(picker.body["users"][0]["account_user"], false);
  ASSERT_EQ(o->post("/api/v1/users", {{"user_ids", {"u-carol"}}, {"access", developer}}).status, 201);
  EXPECT_EQ(anonymous()->sign_in("carol@example.org", demo_password).status, 200);
}

// R-UM15 R-UM16: the owner cannot be removed; nobody removes itself or its own management rights.
TEST_P(Workflow, OwnerAndSelfAreProtected) {
  auto alice = as("alice@example.org");
  EXPECT_EQ(alice->del("/api/v1/users/u-owner").code(), "owner_protected");
  EXPECT_EQ(alice->del("/api/v1/users/u-alice").code(), "self_lockout");
  const auto self = alice->patch("/api/v1/users/u-alice", {{"access", developer}}, "\"1\"");
  EXPECT_EQ(self.status, 422);
  EXPECT_EQ(self.body["error"]["items"][0]["code"], "self_lockout");
}

// R-UM16: a Manager only through a group cannot leave the group or lower the group's access;
// each refusal changes nothing. While Manager by its own access too, it may leave the group.
TEST_P(Workflow, NoSelfLockoutThroughGroups) {
  auto owner = as(owner_username, owner_password);
  auto alice = as("alice@example.org");
  const auto etag = [&] { return owner->get("/api/v1/users/u-alice").header("ETag"); };
  ASSERT_EQ(owner->put("/api/v1/groups/access", {{"group_ids", {"g-everyone"}}, {"access", {{"roles", {"manager"}}}}})
                .status, 200);
  const auto leaves = alice->patch("/api/v1/users/u-alice", {{"groups", json::array()}}, etag());
  EXPECT_EQ(leaves.status, 200) << leaves.text;  // still Manager by her own access
  const auto back = owner->patch("/api/v1/users/u-alice", {{"groups", {"g-everyone"}}, {"access", developer}}, etag());
  ASSERT_EQ(back.status, 200) << back.text;

  alice = as("alice@example.org");  // now Manager through Everyone only
  const std::string before = dump_database(ws);
  const auto leave = alice->patch("/api/v1/users/u-alice", {{"groups", json::array()}}, etag());
  EXPECT_EQ(leave.status, 422) << leave.text;
  EXPECT_EQ(leave.body["error"]["items"][0]["code"], "self_lockout") << leave.text;
  const auto lower = alice->put("/api/v1/groups/access", {{"group_ids", {"g-everyone"}}, {"access", developer}});
  EXPECT_EQ(lower.status, 422) << lower.text;
  EXPECT_EQ(lower.body["error"]["items"][0]["code"], "self_lockout") << lower.text;
  EXPECT_EQ(dump_database(ws), before);
  EXPECT_EQ(alice->get("/api/v1/users?limit=1").status, 200);
}

// R-UM8 R-UM15: a guest removed before accepting is invited again, not added back as an
// active user who could never sign in.
TEST_P(Workflow, AGuestThatNeverAcceptedIsInvitedAgainNotAdded) {
  auto alice = as("alice@example.org");
  const auto invited = alice->post("/api/v1/invitations", {{"text", "q9@ext.example"}, {"access", developer}});
  ASSERT_EQ(invited.status, 201) << invited.text;
  const std::string id = invited.body["invitations"][0]["user_id"];
  ASSERT_EQ(alice->del("/api/v1/users/" + id).status, 200);
  const std::string before = dump_database(ws);
  const auto added = alice->post("/api/v1/users", {{"user_ids", {id}}, {"access", developer}});
  EXPECT_EQ(added.status, 422) << added.text;
  EXPECT_EQ(added.body["error"]["items"][0]["code"], "guest_not_accepted") << added.text;
  EXPECT_EQ(dump_database(ws), before);
  const auto again = alice->post("/api/v1/invitations", {{"text", "q9@ext.example"}, {"access", developer}});
  ASSERT_EQ(again.status, 201) << again.text;
  EXPECT_EQ(again.body["invitations"][0]["user_id"], id);
  EXPECT_EQ(alice->get("/api/v1/users/" + id).body["status"], "invitation_pending");
}

// R-UM8 R-UM1: an invitation makes a guest; a member of the directory (Niaj, not yet an
// account user) is added as an existing user instead, and keeps his password.
TEST_P(Workflow, AMemberOfTheDirectoryIsAddedNotInvited) {
  auto alice = as("alice@example.org");
  const std::string before = dump_database(ws);
  const auto invited =
      alice->post("/api/v1/invitations", {{"text", "new.guest@ext.example; niaj@example.org"}, {"access", developer}});
  EXPECT_EQ(invited.status, 422) << invited.text;
  ASSERT_EQ(invited.body["error"]["items"].size(), 1u) << invited.text;
  EXPECT_EQ(invited.body["error"]["items"][0]["code"], "directory_member");
  EXPECT_EQ(invited.body["error"]["items"][0]["position"], 2);
  EXPECT_EQ(dump_database(ws), before);
  EXPECT_EQ(alice->post("/api/v1/users", {{"user_ids", {"u-niaj"}}, {"access", developer}}).status, 201);
}

// R-UM13 R-UM15: a user removed and added again goes on from its last version, so an edit
// made from a read before the removal is refused (412), not applied to the new account user.
TEST_P(Workflow, AVersionReadBeforeARemovalDoesNotMatchAfterAddingAgain) {
  auto bob = as("bob@example.org");
  const std::string old_etag = bob->get("/api/v1/users/u-heidi").header("ETag");
  ASSERT_EQ(bob->patch("/api/v1/users/u-heidi", {{"access", developer}}, old_etag).status, 200);
  ASSERT_EQ(bob->del("/api/v1/users/u-heidi").status, 200);
  const auto added = bob->post("/api/v1/users", {{"user_ids", {"u-heidi"}}, {"access", {{"roles", {"marketer"}}}}});
  ASSERT_EQ(added.status, 201) << added.text;
  const std::string new_etag = bob->get("/api/v1/users/u-heidi").header("ETag");
  EXPECT_GT(std::stoi(new_etag.substr(1)), std::stoi(old_etag.substr(1)) + 1) << new_etag;
  for (const auto& stale : {old_etag, "\"" + std::to_string(std::stoi(old_etag.substr(1)) + 1) + "\""}) {
    const auto edit = bob->patch("/api/v1/users/u-heidi", {{"access", {{"roles", {"manager"}}}}}, stale);
    EXPECT_EQ(edit.status, 412) << stale << " " << edit.text;
  }
  EXPECT_EQ(bob->patch("/api/v1/users/u-heidi", {{"access", developer}}, new_etag).status, 200);
}

// R-UM3 R-UM8: a display name longer than a name may be gives the guest the first 64
// characters of it, so the guest's own name can be saved again unchanged.
TEST_P(Workflow, AGuestsFirstNameIsCutToANamesLength) {
  auto alice = as("alice@example.org");
  const std::string long_name = "\u00c9" + std::string(69, 'a');  // 70 characters, the first of two bytes
  const auto invited =
      alice->post("/api/v1/invitations", {{"text", "\"" + long_name + "\" <long.name@ext.example>"}, {"access", developer}});
  ASSERT_EQ(invited.status, 201) << invited.text;
  const std::string id = invited.body["invitations"][0]["user_id"];
  const auto guest = alice->get("/api/v1/users/" + id);
  EXPECT_EQ(guest.body["first_name"], long_name.substr(0, 65));  // É (2 bytes) and 63 a's: 64 characters
  const auto same = alice->patch("/api/v1/users/" + id, {{"first_name", guest.body["first_name"]}}, guest.header("ETag"));
  EXPECT_EQ(same.status, 200) << same.text;
}

// R-PW2: one message for every failure; five failures lock the username for 15 minutes.
TEST_P(Workflow, RepeatedSignInFailuresLockTheUsername) {
  auto c = anonymous();
  const auto unknown = c->sign_in("nobody@example.org", "Whatever-1");
  const auto wrong = c->sign_in("bob@example.org", "Wrong-pass-1");
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(unknown.body, wrong.body);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(c->sign_in("bob@example.org", "Wrong-pass-1").status, 401);
  const auto locked = c->sign_in("bob@example.org", demo_password);
  EXPECT_EQ(locked.status, 429);
  EXPECT_EQ(locked.code(), "sign_in_locked");
  ws.advance(15 * 60 + 1);
  EXPECT_EQ(c->sign_in("bob@example.org", demo_password).status, 200);
}

// The link of the `count`-th recovery mail to `address` (in the order queued), once it arrived.
std::string recovery_token(const Workspace& ws, const std::string& address, std::size_t count) {
  std::vector<std::string> tokens;
  eventually([&] {
    tokens.clear();
    for (const auto& f : mail_files(ws)) {  // in the order they were queued
      const auto text = read_text(f);
      if (text.find("To: " + address) == std::string::npos) continue;
      const auto at = text.find("/#/recover/") + std::string("/#/recover/").size();
      tokens.push_back(text.substr(at, text.find_first_of("\r\n", at) - at));
    }
    return tokens.size() >= count;
  });
  return tokens.size() >= count ? tokens[count - 1] : "";
}

// R-UM12: a recovery link goes to the recovery email only.
TEST_P(Workflow, PasswordRecoveryByEmail) {
  auto c = anonymous();
  EXPECT_EQ(c->post("/api/v1/password-recovery", {{"username", "alice@example.org"}}).status, 202);
  EXPECT_EQ(c->post("/api/v1/password-recovery", {{"username", "bob@example.org"}}).status, 202);
  const std::string token = recovery_token(ws, "alice.recovery@mail.example", 1);
  ASSERT_FALSE(token.empty()) << "no recovery mail to alice.recovery@mail.example in " << patience.count() << " s";
  for (const auto& f : mail_files(ws)) EXPECT_EQ(read_text(f).find("bob@example.org"), std::string::npos);
  ASSERT_EQ(c->post("/api/v1/password-recovery/complete", {{"token", token}, {"new_password", "Alice-new-pass-1"}}).status,
            200);
  EXPECT_EQ(anonymous()->sign_in("alice@example.org", "Alice-new-pass-1").status, 200);
}

// R-UM12 R-UM11 R-A6: a recovery link stops working when the user's password is reset, or the
// user is disabled or removed; it cannot let the user back in, nor undo the reset.
TEST_P(Workflow, RecoveryLinksEndWithAResetDisablingOrRemoval) {
  auto o = owner();
  auto anyone = anonymous();
  const auto complete = [&](const std::string& token) {
    return anyone->post("/api/v1/password-recovery/complete", {{"token", token}, {"new_password", "Taken-over-pass-1"}});
  };
  const std::string address = "alice.recovery@mail.example";
  ASSERT_EQ(anyone->post("/api/v1/password-recovery", {{"username", "alice@example.org"}}).status, 202);
  const std::string before_reset = recovery_token(ws, address, 1);
  ASSERT_FALSE(before_reset.empty());
  const auto reset = o->post("/api/v1/users/u-alice/password-reset", json::object());
  ASSERT_EQ(reset.status, 200) << reset.text;
  EXPECT_EQ(complete(before_reset).code(), "recovery_not_found");
  EXPECT_EQ(anonymous()->sign_in("alice@example.org", reset.body["temporary_password"]).status, 200);

  ASSERT_EQ(anyone->post("/api/v1/password-recovery", {{"username", "alice@example.org"}}).status, 202);
  const std::string before_disabling = recovery_token(ws, address, 2);
  const auto alice = o->get("/api/v1/users/u-alice");
  ASSERT_EQ(o->patch("/api/v1/users/u-alice", {{"enabled", false}}, alice.header("ETag")).status, 200);
  EXPECT_EQ(complete(before_disabling).code(), "recovery_not_found");
  const auto disabled = o->get("/api/v1/users/u-alice");
  ASSERT_EQ(o->patch("/api/v1/users/u-alice", {{"enabled", true}}, disabled.header("ETag")).status, 200);

  ASSERT_EQ(anyone->post("/api/v1/password-recovery", {{"username", "alice@example.org"}}).status, 202);
  const std::string before_removal = recovery_token(ws, address, 3);
  ASSERT_EQ(o->del("/api/v1/users/u-alice").status, 200);
  EXPECT_EQ(complete(before_removal).code(), "recovery_not_found");
  EXPECT_EQ(anonymous()->sign_in("alice@example.org", "Taken-over-pass-1").status, 401);
}

// R-UM17: changes are audited with before and after; owner and Managers read and export.
TEST_P(Workflow, AuditLogRecordsChangesAndExports) {
  auto bob = as("bob@example.org");
  ASSERT_EQ(bob->post("/api/v1/users", {{"user_ids", {"u-judy"}}, {"access", developer}}).status, 201);
  const auto entries = bob->get("/api/v1/audit?action=add_user&actor=u-bob");
  ASSERT_EQ(entries.status, 200);
  ASSERT_EQ(entries.body["entries"].size(), 1u);
  const auto& e = entries.body["entries"][0];
  EXPECT_EQ(e["target"], "u-judy");
  EXPECT_TRUE(e["before"].is_null());
  EXPECT_EQ(e["after"]["access"], developer);
  EXPECT_EQ(e["at"], ws.now());
  const auto lines = bob->send("GET", "/api/v1/audit?target=u-judy", "", {{"Accept", "application/x-ndjson"}});
  ASSERT_EQ(lines.status, 200);
  EXPECT_EQ(lines.header("Content-Type"), "application/x-ndjson");
  EXPECT_EQ(json::parse(lines.text.substr(0, lines.text.find('\n')))["action"], "add_user");
  // An explicit format wins over Accept.
  const auto asked = bob->send("GET", "/api/v1/audit?target=u-judy&format=json", "",
                               {{"Accept", "application/json, application/x-ndjson;q=0.1"}});
  EXPECT_EQ(asked.header("Content-Type"), "application/json");
  EXPECT_EQ(asked.body["entries"][0]["action"], "add_user") << asked.text;
  // An export in pages: a full page names the next one, the last does not.
  const auto first = bob->get("/api/v1/audit?format=jsonl&limit=1");
  const std::string next = first.header("X-Next-Cursor");
  ASSERT_FALSE(next.empty()) << "a full page of the export without X-Next-Cursor";
  const auto second = bob->get("/api/v1/audit?format=jsonl&limit=1&cursor=" + next);
  ASSERT_EQ(second.status, 200);
  EXPECT_LT(json::parse(second.text.substr(0, second.text.find('\n')))["id"].get<std::int64_t>(),
            json::parse(first.text.substr(0, first.text.find('\n')))["id"].get<std::int64_t>());
  EXPECT_EQ(bob->get("/api/v1/audit?format=jsonl&limit=100000").header("X-Next-Cursor"), "");
  EXPECT_EQ(as("dave@example.org")->get("/api/v1/audit").code(), "audit_forbidden");
}

// R-UM10 R-RP5 R-RP6: authorize answers for other services with the core's reason, singly or in batches.
TEST_P(Workflow, AuthorizeAnswersWithTheReason) {
  auto o = owner();
  const auto guest = o->post("/api/v1/authorize", {{"user_id", "u-gina"}, {"action", "store_create_package"}});
  ASSERT_EQ(guest.status, 200) << guest.text;
  EXPECT_EQ(guest.body["allowed"], false);
  EXPECT_EQ(guest.body["code"], "guest_restricted");
  const auto batch = o->post(
      "/api/v1/authorize",
      {{"checks",
        {{{"user_id", "u-carol"}, {"action", "store_create_package"}},
         {{"user_id", "u-ivan"}, {"action", "view_feedback"}, {"product", "app-42"}},
         {{"user_id", "u-frank"}, {"action", "view_feedback"}, {"product", "app-7"}},
         {{"user_id", "u-heidi"}, {"action", "view_acquisitions_report"}, {"product", "app-7"}},
         {{"user_id", "u-bob"}, {"action", "remove_user"}, {"target_id", "u-owner"}},
         {{"user_id", "u-nobody"}, {"action", "list_users"}}}}});
  ASSERT_EQ(batch.status, 200) << batch.text;
  const auto& r = batch.body["results"];
  EXPECT_EQ(r[0]["allowed"], true);
  EXPECT_EQ(r[1]["allowed"], true);
  EXPECT_EQ(r[2]["allowed"], false);
  EXPECT_EQ(r[3]["allowed"], true);  // through the Analysts group (R-RP6)
  EXPECT_EQ(r[4]["code"], "owner_protected");
  EXPECT_EQ(r[5]["code"], "unknown_user");
}

// R-GR1 R-A4: groups are created by global admins and several get one access at once.
TEST_P(Workflow, GroupsCreateAndShareAccess) {
  auto alice = as("alice@example.org");
  const auto g = alice->post("/api/v1/groups", {{"display_name", "Testers"}, {"members", {"u-bob"}}});
  ASSERT_EQ(g.status, 201) << g.text;
  const auto dup = alice->post("/api/v1/groups", {{"display_name", "testers"}});
  EXPECT_EQ(dup.status, 422);
  const json access = {{"roles", json::array()}, {"account", {{"test_accounts", "read_write"}}}};
  const auto set = alice->put("/api/v1/groups/access", {{"group_ids", {"Testers", "g-everyone"}}, {"access", access}});
  ASSERT_EQ(set.status, 200) << set.text;
  EXPECT_EQ(alice->get("/api/v1/groups/g-everyone").body["access"], access);
  EXPECT_EQ(as("bob@example.org")->post("/api/v1/groups", {{"display_name", "X"}}).code(), "not_global_admin");
}

// R-UM13 R-GR1: creating a group with a user in it changes the user's version, so an edit
// made from the user as read before is refused instead of setting the groups back.
TEST_P(Workflow, NewGroupMembershipChangesTheUsersVersion) {
  auto alice = as("alice@example.org");
  const auto before = alice->get("/api/v1/users/u-carol");
  ASSERT_EQ(before.status, 200);
  const auto g = alice->post("/api/v1/groups", {{"display_name", "Reviewers"}, {"members", {"u-carol"}}});
  ASSERT_EQ(g.status, 201) << g.text;
  const auto after = alice->get("/api/v1/users/u-carol");
  EXPECT_EQ(after.header("ETag"), "\"" + std::to_string(std::stoi(before.header("ETag").substr(1)) + 1) + "\"");
  EXPECT_NE(std::find(after.body["groups"].begin(), after.body["groups"].end(), g.body["id"]),
            after.body["groups"].end());
  const auto stale = alice->patch("/api/v1/users/u-carol", {{"groups", before.body["groups"]}}, before.header("ETag"));
  EXPECT_EQ(stale.status, 412);
  EXPECT_EQ(stale.code(), "version_mismatch");
  EXPECT_EQ(alice->get("/api/v1/users/u-carol").body["groups"], after.body["groups"]);
}

// R-UM13 R-GR1: a group named twice in one list, by its id and by its display name (in any
// case), is refused as a duplicate (422), and nothing changes.
TEST_P(Workflow, AGroupNamedTwiceByIdAndNameIsADuplicate) {
  auto alice = as("alice@example.org");
  const auto carol = alice->get("/api/v1/users/u-carol");
  const auto edit = alice->patch("/api/v1/users/u-carol", {{"groups", {"Analysts", "g-analysts"}}}, carol.header("ETag"));
  EXPECT_EQ(edit.status, 422) << edit.text;
  EXPECT_EQ(edit.body["error"]["items"][0]["code"], "duplicate_group");
  EXPECT_EQ(edit.body["error"]["items"][0]["position"], 2);
  EXPECT_EQ(alice->get("/api/v1/users/u-carol").header("ETag"), carol.header("ETag"));

  const auto created = alice->post("/api/v1/directory/users", {{"first_name", "Dee"},
                                                               {"last_name", "Dup"},
                                                               {"username", "dee@example.org"},
                                                               {"groups", {"analysts", "ANALYSTS"}},
                                                               {"access", developer}});
  EXPECT_EQ(created.status, 422) << created.text;
  EXPECT_EQ(created.body["error"]["items"][0]["code"], "duplicate_group");
  EXPECT_EQ(alice->get("/api/v1/directory/users?search=dee").body["users"].size(), 0u);

  const auto group = alice->get("/api/v1/groups/g-analysts");
  const auto access = alice->put("/api/v1/groups/access",
                                 {{"group_ids", {"analysts", "g-analysts"}}, {"access", {{"roles", {"marketer"}}}}});
  EXPECT_EQ(access.status, 422) << access.text;
  EXPECT_EQ(access.body["error"]["items"][0]["code"], "duplicate_group");
  EXPECT_EQ(alice->get("/api/v1/groups/g-analysts").body, group.body);
}

// R-A5 R-UM3: sign-in finds a user by username alone, so one username is one account user's,
// across tenants: Contoso cannot create, or add to the account, a user named like a guest
// example.org invited; once the invitations are revoked (the guests stay in example.org's
// directory, outside the account), it can add and create its own.
TEST_P(Workflow, AUsernameIsOneAccountUsersAcrossTenants) {
  auto alice = as("alice@example.org");
  const auto invited = alice->post("/api/v1/invitations", {{"text", "sam@contoso.example, yara@contoso.example"},
                                                           {"access", developer}});
  ASSERT_EQ(invited.status, 201) << invited.text;
  auto zed = as("zed@contoso.example");  // Manager and global admin of Contoso
  const auto created = zed->post("/api/v1/directory/users", {{"first_name", "Sam"},
                                                             {"last_name", "Stone"},
                                                             {"username", "sam@contoso.example"},
                                                             {"access", developer}});
  EXPECT_EQ(created.status, 422) << created.text;
  EXPECT_EQ(created.body["error"]["items"][0]["code"], "username_taken");
  const auto added = zed->post("/api/v1/users", {{"user_ids", {"u-yara"}}, {"access", developer}});
  EXPECT_EQ(added.status, 422) << added.text;
  EXPECT_EQ(added.body["error"]["items"][0]["code"], "username_in_use");

  const std::string yara_invitation = invited.body["invitations"][1]["id"];
  ASSERT_EQ(alice->del("/api/v1/invitations/" + yara_invitation).status, 200);
  const auto now_added = zed->post("/api/v1/users", {{"user_ids", {"u-yara"}}, {"access", developer}});
  EXPECT_EQ(now_added.status, 201) << now_added.text;
  auto yara = anonymous();
  EXPECT_EQ(yara->sign_in("yara@contoso.example", demo_password).status, 200);
  const std::string sam_invitation = invited.body["invitations"][0]["id"];
  ASSERT_EQ(alice->del("/api/v1/invitations/" + sam_invitation).status, 200);
  const auto now_created = zed->post("/api/v1/directory/users", {{"first_name", "Sam"},
                                                                 {"last_name", "Stone"},
                                                                 {"username", "sam@contoso.example"},
                                                                 {"access", developer}});
  EXPECT_EQ(now_created.status, 201) << now_created.text;
}

// R-A5: the owner picks the acting tenant; directory operations then act there.
TEST_P(Workflow, OwnerPicksTheActingTenant) {
  auto o = owner();
  ASSERT_EQ(o->put("/api/v1/session/tenant", {{"tenant_id", "t-contoso-example"}}).status, 200);
  const auto picker = o->get("/api/v1/directory/users");
  ASSERT_EQ(picker.status, 200);
  for (const auto& u : picker.body["users"]) EXPECT_EQ(u["tenant"], "t-contoso-example");
  const auto created = o->post("/api/v1/directory/users", {{"first_name", "Cy"},
                                                           {"last_name", "Contoso"},
                                                           {"username", "cy@contoso.example"},
                                                           {"access", developer}});
  EXPECT_EQ(created.status, 201) << created.text;
}

}  // namespace
}  // namespace pcu_test
