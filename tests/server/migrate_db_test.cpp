// `pcu-server migrate-db --from sqlite:PATH --to postgres://...` (PostgreSQL only; skipped
// without PCU_TEST_POSTGRES): the whole account is copied, every table's count is printed
// and equal, the API answers the same from both databases, and the copy keeps working.
#include <gtest/gtest.h>

#include "server_fixture.hpp"

namespace pcu_test {
namespace {

const json developer = {{"roles", {"developer"}}};

TEST(MigrateDb, CopiesTheWholeAccountAndTheApiAnswersTheSame) {
  Workspace pg("postgres");
  PCU_SKIP_UNLESS_AVAILABLE(pg);
  Workspace lite("sqlite");
  lite.init_demo();
  {
    // Rows in every kind of table: invitations with mail and attempts, visits, groups, audit.
    ServerProcess server(lite);
    Client o(server.port);
    ASSERT_EQ(o.sign_in(owner_username, owner_password).status, 200);
    ASSERT_EQ(o.post("/api/v1/invitations", {{"text", "m1@ext.example, m2@ext.example"}, {"access", developer}}).status,
              201);
    ASSERT_EQ(o.post("/api/v1/activity", {{"path", "/users"}}).status, 200);
    const auto carol = o.get("/api/v1/users/u-carol");
    ASSERT_EQ(o.patch("/api/v1/users/u-carol", {{"first_name", "Caroline"}}, carol.header("ETag")).status, 200);
    eventually([&] { return count_rows(lite, "SELECT count(*) FROM outbox WHERE state <> 'sent'") == 0; });
    ASSERT_EQ(count_rows(lite, "SELECT count(*) FROM outbox WHERE state <> 'sent'"), 0) << "the mail was not delivered";
  }

  std::string out;
  ASSERT_EQ(run_program({PCU_SERVER_PATH, "migrate-db", "--from", lite.db_url, "--to", pg.db_url}, &out), 0) << out;
  std::printf("%s", out.c_str());
  for (const char* table : {"account", "tenants", "directory_users", "account_users", "group_members", "sessions",
                            "invitations", "visits", "audit", "outbox", "mail_attempts"}) {
    const std::string sql = std::string("SELECT count(*) FROM ") + table;
    const auto n = count_rows(lite, sql);
    EXPECT_GT(n, 0) << table;
    EXPECT_EQ(count_rows(pg, sql), n) << table;
    EXPECT_NE(out.find(table), std::string::npos) << table << " not printed";
  }
  EXPECT_NE(out.find("migration done"), std::string::npos) << out;

  // A second copy into the same database is refused and changes nothing.
  const auto before = dump_database(pg);
  EXPECT_NE(run_program({PCU_SERVER_PATH, "migrate-db", "--from", lite.db_url, "--to", pg.db_url}), 0);
  EXPECT_EQ(dump_database(pg), before);

  ServerProcess from_lite(lite), from_pg(pg);
  Client l(from_lite.port), p(from_pg.port);
  ASSERT_EQ(l.sign_in(owner_username, owner_password).status, 200);
  ASSERT_EQ(p.sign_in(owner_username, owner_password).status, 200);
  for (const char* path : {"/api/v1/users?limit=100", "/api/v1/users?sort=last_activity&order=desc&limit=5",
                           "/api/v1/users/u-carol", "/api/v1/users/u-pat", "/api/v1/groups", "/api/v1/invitations",
                           "/api/v1/tenants", "/api/v1/products", "/api/v1/users/u-owner/history"}) {
    const auto a = l.get(path), b = p.get(path);
    EXPECT_EQ(a.status, 200) << path;
    EXPECT_EQ(b.status, a.status) << path;
    EXPECT_EQ(b.body, a.body) << path;
  }
  // The copy keeps working: new rows get new ids after the copied ones.
  EXPECT_EQ(p.post("/api/v1/invitations", {{"text", "after@ext.example"}, {"access", developer}}).status, 201);
  EXPECT_EQ(p.post("/api/v1/activity", {{"path", "/after"}}).status, 200);
}

}  // namespace
}  // namespace pcu_test
