// Crash safety (issue 8): SIGKILL while a thousand invitations are in flight, restart on the
// same database: PRAGMA integrity_check is ok, every acknowledged invitation is there, and no
// request is half done (every invitation has its guest, its account user, its mail in the
// outbox and its audit row; nothing of an unacknowledged one is there without the rest).
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <mutex>
#include <set>
#include <thread>

#include "server_process.hpp"

namespace pcu_test {
namespace {

// The first column of every row of `sql` ("NULL" for null); throws on any error (an empty
// answer must mean no rows).
std::vector<std::string> column(const std::string& db_path, const std::string& sql) {
  std::vector<std::string> out;
  for (const auto& row : SqliteReader(db_path).rows(sql)) out.push_back(row.at(0).value_or("NULL"));
  return out;
}

TEST(CrashSafety, SigkillDuringAThousandWritesLosesNothingAcknowledged) {
  Workspace ws;
  ws.init_demo();
  const std::vector<std::string> args = {"--mail", "dir:" + ws.mail, "--invite-rate", "0", "--threads", "8"};
  auto server = std::make_unique<ServerProcess>(ws, args);

  constexpr int threads = 8, per_thread = 125;  // 1,000 invitations
  std::mutex mutex;
  std::vector<std::string> acknowledged;
  std::atomic<int> answered{0}, started{0}, failed_sign_ins{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      Client c(server->port);
      if (c.sign_in(owner_username, owner_password).status != 200) {
        ++failed_sign_ins;
        return;
      }
      ++started;
      while (!go) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      for (int i = 0; i < per_thread; ++i) {
        const std::string address = "crash-" + std::to_string(t) + "-" + std::to_string(i) + "@ext.example";
        const auto r = c.post("/api/v1/invitations", {{"text", address}, {"access", {{"roles", {"developer"}}}}});
        if (r.status == 201) {
          std::lock_guard lock(mutex);
          acknowledged.push_back(address);
        }
        ++answered;
      }
    });
  // Every client signs in first, then all write at once; kill in the middle: some answered,
  // several in flight, many not sent yet.
  while (started.load() + failed_sign_ins.load() < threads) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  go = true;
  // A deadline, not a count of naps: on a slow machine the kill must still come after some answers.
  eventually([&] { return answered.load() >= 250; }, std::chrono::milliseconds(1));
  server->kill_hard();
  for (auto& th : pool) th.join();
  ASSERT_EQ(started.load(), threads);
  ASSERT_GT(acknowledged.size(), 0u);
  EXPECT_LT(acknowledged.size(), static_cast<std::size_t>(threads * per_thread)) << "the kill came too late";

  // Past the lease of the killed workers' claims, so the restarted server also sends the
  // messages they were sending (and its start, which waits for the outbox to drain, can).
  ws.advance(301);
  server = std::make_unique<ServerProcess>(ws, args);
  EXPECT_EQ(column(ws.db, "PRAGMA integrity_check"), std::vector<std::string>{"ok"});
  EXPECT_EQ(column(ws.db, "PRAGMA foreign_key_check"), std::vector<std::string>{});

  const auto stored = column(ws.db, "SELECT email FROM invitations WHERE email LIKE 'crash-%'");
  const std::set<std::string> present(stored.begin(), stored.end());
  for (const auto& a : acknowledged) EXPECT_TRUE(present.count(a)) << a << " was acknowledged and is gone";
  EXPECT_GE(present.size(), acknowledged.size());
  RecordProperty("acknowledged", static_cast<int>(acknowledged.size()));
  RecordProperty("stored", static_cast<int>(present.size()));

  // No half-done request: each crash invitation, acknowledged or not, is complete.
  const std::string crash = "FROM invitations i WHERE i.email LIKE 'crash-%' AND ";
  EXPECT_EQ(column(ws.db, "SELECT i.email " + crash +
                              "NOT EXISTS (SELECT 1 FROM directory_users d WHERE d.id = i.user_id)"),
            std::vector<std::string>{});
  EXPECT_EQ(column(ws.db, "SELECT i.email " + crash +
                              "NOT EXISTS (SELECT 1 FROM account_users a WHERE a.user_id = i.user_id)"),
            std::vector<std::string>{});
  EXPECT_EQ(column(ws.db, "SELECT i.email " + crash +
                              "NOT EXISTS (SELECT 1 FROM outbox o WHERE o.invitation_id = i.id)"),
            std::vector<std::string>{});
  EXPECT_EQ(column(ws.db, "SELECT i.email " + crash +
                              "NOT EXISTS (SELECT 1 FROM audit x WHERE x.action = 'invite_user' AND "
                              "x.target_id = i.user_id)"),
            std::vector<std::string>{});
  // ... and nothing of an invitation exists without the invitation.
  EXPECT_EQ(column(ws.db, "SELECT d.username FROM directory_users d WHERE d.username LIKE 'crash-%' AND NOT EXISTS "
                          "(SELECT 1 FROM invitations i WHERE i.user_id = d.id)"),
            std::vector<std::string>{});
  EXPECT_EQ(column(ws.db, "SELECT o.to_addr FROM outbox o WHERE o.to_addr LIKE '%crash-%' AND NOT EXISTS "
                          "(SELECT 1 FROM invitations i WHERE i.id = o.invitation_id)"),
            std::vector<std::string>{});
  // The counter the users list keeps matches the rows.
  EXPECT_EQ(column(ws.db, "SELECT n FROM account_user_count"), column(ws.db, "SELECT count(*) FROM account_users"));
  // Every message went out once (the restarted server's start waited for the outbox): each
  // outbox row is sent and is exactly one .eml file named after it, including those the killed
  // server had written but not yet acknowledged (written again under the same name).
  EXPECT_EQ(column(ws.db, "SELECT id FROM outbox WHERE state <> 'sent'"), std::vector<std::string>{});
  std::set<std::string> files, expected;
  for (const auto& entry : std::filesystem::directory_iterator(ws.mail)) files.insert(entry.path().filename().string());
  for (const auto& id : column(ws.db, "SELECT printf('%010d.eml', id) FROM outbox")) expected.insert(id);
  EXPECT_EQ(files, expected);

  // The restarted server serves the acknowledged invitations.
  Client c(server->port);
  ASSERT_EQ(c.sign_in(owner_username, owner_password).status, 200);
  const auto list = c.get("/api/v1/invitations?status=pending&limit=1000");
  ASSERT_EQ(list.status, 200);
  std::set<std::string> listed;
  for (const auto& i : list.body["invitations"]) listed.insert(i["email"].get<std::string>());
  for (const auto& a : acknowledged) EXPECT_TRUE(listed.count(a)) << a;
}

}  // namespace
}  // namespace pcu_test
