// The users list of the console's table: five orders each way, a keyset cursor and an offset
// that read the same rows, the total of the rows matching the filters, and refusals of bad
// paging parameters. R-A3 (list account users), R-UM1 (search by name or username).
#include <gtest/gtest.h>

#include <tuple>

#include "server_fixture.hpp"

namespace pcu_test {
namespace {

using UsersList = ServerTest;
PCU_ON_EVERY_BACKEND(UsersList);

const char* const sorts[] = {"name", "username", "type", "status", "last_activity"};

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// What a row sorts by: its key, then lower-case username, then id.
std::tuple<std::string, std::int64_t, std::string, std::string> sort_key(const json& u, const std::string& sort) {
  std::string text;
  std::int64_t number = 0;
  if (sort == "name") text = lower(u["first_name"].get<std::string>() + " " + u["last_name"].get<std::string>());
  if (sort == "type") text = u["type"];
  if (sort == "status") text = u["status"];
  if (sort == "last_activity" && u["last_activity"].is_number()) number = u["last_activity"];
  return {text, number, lower(u["username"]), u["id"]};
}

std::vector<std::string> ids(const json& users) {
  std::vector<std::string> out;
  for (const auto& u : users) out.push_back(u["id"]);
  return out;
}

// R-A3: every order, both ways: the rows are in order; walking by cursor, jumping by offset
// and reading one big page give the same rows; total counts them all.
TEST_P(UsersList, EveryOrderWalksAndJumpsToTheSameRows) {
  auto o = owner();
  for (const std::string sort : sorts)
    for (const std::string order : {"asc", "desc"}) {
      const std::string base = "/api/v1/users?sort=" + sort + "&order=" + order;
      const auto all = o->get(base + "&limit=200");
      ASSERT_EQ(all.status, 200) << all.text;
      const auto& users = all.body["users"];
      ASSERT_GT(users.size(), 10u);
      EXPECT_EQ(all.body["total"], users.size());
      EXPECT_TRUE(all.body["next_cursor"].is_null());
      for (std::size_t i = 1; i < users.size(); ++i) {
        const auto a = sort_key(users[i - 1], sort), b = sort_key(users[i], sort);
        EXPECT_TRUE(order == "asc" ? a < b : a > b) << sort << " " << order << " at " << i;
      }
      std::vector<std::string> walked;
      std::string cursor;
      for (int pages = 0; pages < 100; ++pages) {
        const auto page = o->get(base + "&limit=3" + (cursor.empty() ? "" : "&cursor=" + cursor));
        ASSERT_EQ(page.status, 200) << page.text;
        EXPECT_EQ(page.body["total"], users.size());
        for (const auto& id : ids(page.body["users"])) walked.push_back(id);
        if (page.body["next_cursor"].is_null()) break;
        cursor = page.body["next_cursor"];
      }
      EXPECT_EQ(walked, ids(users)) << sort << " " << order;
      for (std::size_t offset = 0; offset < users.size(); offset += 4) {
        const auto page = o->get(base + "&limit=4&offset=" + std::to_string(offset));
        ASSERT_EQ(page.status, 200) << page.text;
        const auto got = ids(page.body["users"]);
        const auto want = ids(users);
        EXPECT_EQ(got, std::vector<std::string>(want.begin() + static_cast<long>(offset),
                                                want.begin() + static_cast<long>(std::min(offset + 4, want.size()))));
      }
      EXPECT_EQ(o->get(base + "&offset=100000").body["users"].size(), 0u);
    }
}

// R-A3: the default order is by name, ascending.
TEST_P(UsersList, DefaultsToNameAscending) {
  auto o = owner();
  EXPECT_EQ(ids(o->get("/api/v1/users?limit=200").body["users"]),
            ids(o->get("/api/v1/users?limit=200&sort=name&order=asc").body["users"]));
}

// R-UM1 R-A3: total counts the rows matching the filters, not the page; a cursor keeps the
// filters' walk; changes show at once in the total.
TEST_P(UsersList, TotalCountsTheFilteredRows) {
  auto o = owner();
  const auto all = o->get("/api/v1/users?limit=200").body["users"];
  std::size_t guests = 0, managers = 0;
  for (const auto& u : all) {
    guests += u["type"] == "guest";
    const auto& roles = u["access"].value("roles", json::array());
    managers += std::find(roles.begin(), roles.end(), "manager") != roles.end();
  }
  const auto g = o->get("/api/v1/users?type=guest&limit=1");
  EXPECT_EQ(g.body["total"], guests);
  EXPECT_EQ(g.body["users"].size(), 1u);
  EXPECT_EQ(o->get("/api/v1/users?role=manager&limit=1").body["total"], managers);
  const auto search = o->get("/api/v1/users?search=ALICE%20ad&sort=username");
  EXPECT_EQ(search.body["total"], 1);
  EXPECT_EQ(search.body["users"][0]["id"], "u-alice");
  EXPECT_EQ(o->get("/api/v1/users?search=zzz-nobody").body["total"], 0);

  const auto before = o->get("/api/v1/users?limit=1").body["total"].get<int>();
  ASSERT_EQ(o->del("/api/v1/users/u-frank").status, 200);
  EXPECT_EQ(o->get("/api/v1/users?limit=1").body["total"], before - 1);
  ASSERT_EQ(o->post("/api/v1/users", {{"user_ids", {"u-judy"}}, {"access", {{"roles", {"marketer"}}}}}).status, 201);
  EXPECT_EQ(o->get("/api/v1/users?limit=1").body["total"], before);
}

// R-A3: renaming moves a user in the name order at once (the sort keys follow the directory).
TEST_P(UsersList, RenamingMovesTheUserInTheNameOrder) {
  auto o = owner();
  ASSERT_EQ(o->patch("/api/v1/users/u-frank", {{"first_name", "Aaron"}, {"last_name", "Aardvark"}}, "\"1\"").status,
            200);
  EXPECT_EQ(o->get("/api/v1/users?limit=1&sort=name").body["users"][0]["id"], "u-frank");
  EXPECT_EQ(o->get("/api/v1/users?limit=1&sort=name&order=desc&offset=0").body["total"],
            o->get("/api/v1/users?limit=1").body["total"]);
}

// RULES "Errors": bad paging parameters are 400 invalid_parameter naming the parameter.
TEST_P(UsersList, BadParametersAreRefused) {
  auto o = owner();
  const auto cursor = o->get("/api/v1/users?limit=2&sort=name").body["next_cursor"].get<std::string>();
  const std::pair<std::string, std::string> cases[] = {
      {"sort=age", "sort"},
      {"order=up", "order"},
      {"offset=-1", "offset"},
      {"offset=x", "offset"},
      {"offset=0&cursor=" + cursor, "offset"},
      {"sort=username&cursor=" + cursor, "cursor"},
      {"order=desc&cursor=" + cursor, "cursor"},
  };
  for (const auto& [query, field] : cases) {
    const auto r = o->get("/api/v1/users?" + query);
    EXPECT_EQ(r.status, 400) << query;
    EXPECT_EQ(r.code(), "invalid_parameter") << query;
    EXPECT_EQ(r.body["error"]["field"], field) << query;
  }
}

// R-A3: with thousands of users, the last page is one jump away and the total is exact.
using UsersListLarge = BackendTest;
PCU_ON_EVERY_BACKEND(UsersListLarge);

TEST_P(UsersListLarge, OffsetReachesTheEndOfThousandsOfUsers) {
  ASSERT_EQ(run_program({PCU_SERVER_PATH, "init", "--db", ws.db_url, "--demo", "--users", "3000",
                         "--owner-password", owner_password, "--demo-password", demo_password, "--fast-hash",
                         "--clock-file", ws.clock}),
            0);
  ServerProcess server(ws);
  Client o(server.port);
  ASSERT_EQ(o.sign_in(owner_username, owner_password).status, 200);
  const auto first = o.get("/api/v1/users?limit=1&sort=username");
  const int total = first.body["total"];
  EXPECT_GT(total, 3000);
  for (const std::string sort : sorts) {
    const auto last = o.get("/api/v1/users?limit=50&sort=" + sort + "&offset=" + std::to_string(total - 1));
    ASSERT_EQ(last.status, 200);
    EXPECT_EQ(last.body["users"].size(), 1u) << sort;
    EXPECT_TRUE(last.body["next_cursor"].is_null()) << sort;
    const auto reversed = o.get("/api/v1/users?limit=1&order=desc&sort=" + sort);
    EXPECT_EQ(reversed.body["users"][0]["id"], last.body["users"][0]["id"]) << sort;
  }
}

}  // namespace
}  // namespace pcu_test
