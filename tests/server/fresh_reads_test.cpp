// Reads are never older than an acknowledged write (issue 3): the server keeps the sessions
// and users it has read per connection (SQLite), and a write must reach every one of those
// caches at once. Many connections ask first, so most of the server's threads hold the
// records; then one write; then every connection must see it on its very next request.
// And a SQLite database serves one process: a second `pcu-server serve` on the same file is
// refused with a clear message, since the first one's caches could not see its writes.
#include <gtest/gtest.h>

#include "server_fixture.hpp"

namespace pcu_test {
namespace {

using FreshReads = ServerTest;
PCU_ON_EVERY_BACKEND(FreshReads);

constexpr int connections = 12;

std::vector<std::unique_ptr<Client>> owners(int port) {
  std::vector<std::unique_ptr<Client>> out;
  for (int i = 0; i < connections; ++i) {
    out.push_back(std::make_unique<Client>(port));
    EXPECT_EQ(out.back()->sign_in(owner_username, owner_password).status, 200);
  }
  return out;
}

// Connections presenting `signed_in`'s session, each having read `path` three times.
std::vector<std::unique_ptr<Client>> sharing(int port, const Client& signed_in, const std::string& path) {
  std::vector<std::unique_ptr<Client>> out;
  for (int i = 0; i < connections; ++i) {
    out.push_back(std::make_unique<Client>(port));
    out.back()->share_session(signed_in);
  }
  for (int round = 0; round < 3; ++round)
    for (auto& b : out) EXPECT_EQ(b->get(path).status, 200) << path;
  return out;
}

// Every client asks `check` and must hear `allowed`.
void expect_answers(std::vector<std::unique_ptr<Client>>& clients, const json& check, bool allowed,
                    const char* why) {
  for (auto& c : clients) {
    const auto r = c->post("/api/v1/authorize", check);
    ASSERT_EQ(r.status, 200) << r.text;
    EXPECT_EQ(r.body["allowed"], allowed) << why;
  }
}

// R-A3 R-UM13: an access edit changes what `authorize` answers on every connection at once.
TEST_P(FreshReads, AccessEditIsSeenByEveryConnectionAtOnce) {
  auto clients = owners(server->port);
  const json check = {{"user_id", "u-carol"}, {"action", "list_users"}};
  for (int round = 0; round < 3; ++round) expect_answers(clients, check, false, "a Developer may not list account users");

  auto o = owner();
  const auto carol = o->get("/api/v1/users/u-carol");
  ASSERT_EQ(carol.status, 200);
  const auto edited = o->patch("/api/v1/users/u-carol", {{"access", {{"roles", {"manager"}}}}}, carol.header("ETag"));
  ASSERT_EQ(edited.status, 200) << edited.text;

  expect_answers(clients, check, true, "an answer from before the edit");
}

// R-RP6: a group's access reaches its members' answers at once.
TEST_P(FreshReads, GroupAccessChangeIsSeenByEveryConnectionAtOnce) {
  auto clients = owners(server->port);
  const json check = {{"user_id", "u-heidi"}, {"action", "view_payout_summary"}};
  for (int round = 0; round < 3; ++round) expect_answers(clients, check, false, "a Marketer sees no payouts");

  auto alice = as("alice@example.org");
  const json access = {{"roles", json::array()}, {"account", {{"payout_summary", "read"}}}};
  const auto set = alice->put("/api/v1/groups/access", {{"group_ids", {"g-analysts"}}, {"access", access}});
  ASSERT_EQ(set.status, 200) << set.text;

  expect_answers(clients, check, true, "an answer from before the group change");
}

// R-UM15 R-A6: removing a user ends its sessions on every connection at once.
TEST_P(FreshReads, RemovedUsersSessionEndsOnEveryConnectionAtOnce) {
  auto bob = as("bob@example.org");
  auto browsers = sharing(server->port, *bob, "/api/v1/users?limit=5");

  ASSERT_EQ(owner()->del("/api/v1/users/u-bob").status, 200);

  for (auto& b : browsers) {
    const auto r = b->get("/api/v1/users?limit=5");
    EXPECT_EQ(r.status, 401) << "the removed user's session still works: " << r.text;
  }
}

// A signed-out session is refused on every connection at once.
TEST_P(FreshReads, SignOutEndsTheSessionOnEveryConnectionAtOnce) {
  auto alice = as("alice@example.org");
  auto browsers = sharing(server->port, *alice, "/api/v1/session");

  ASSERT_EQ(alice->del("/api/v1/session").status, 200);

  for (auto& b : browsers) EXPECT_EQ(b->get("/api/v1/session").status, 401);
}

TEST(SqliteInstanceLock, ASecondServerOnOneDatabaseFileIsRefused) {
  Workspace ws("sqlite");
  ws.init_demo();
  auto first = std::make_unique<ServerProcess>(ws);
  const auto before = dump_database(ws);

  std::string out;
  const int rc = run_program({PCU_SERVER_PATH, "serve", "--db", ws.db_url, "--listen", "127.0.0.1:0"}, &out);
  EXPECT_NE(rc, 0);
  EXPECT_NE(out.find("is in use by another pcu-server process"), std::string::npos) << out;
  EXPECT_EQ(dump_database(ws), before);
  {
    Client c(first->port);
    EXPECT_EQ(c.sign_in(owner_username, owner_password).status, 200) << "the first server still serves";
  }

  first.reset();  // stopped: the file is free again
  ServerProcess second(ws);
  Client d(second.port);
  EXPECT_EQ(d.sign_in(owner_username, owner_password).status, 200);
}

}  // namespace
}  // namespace pcu_test
