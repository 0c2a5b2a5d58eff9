// The SQLite WAL under a steady stream of writes (issue 3): the checkpointer copies it into
// the database and the next write starts it again from its beginning, so the file stays a
// few checkpoints' worth in size. (Before, four clients writing without pause never let a
// checkpoint reach the WAL's end, and the file grew by every page written: hundreds of MB a
// minute, each commit appending to new blocks.)
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

#include "server_process.hpp"

namespace pcu_test {
namespace {

std::int64_t file_size(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? static_cast<std::int64_t>(st.st_size) : 0;
}

TEST(SqliteWal, StaysBoundedUnderASteadyStreamOfWrites) {
  Workspace ws;
  ws.init_demo();
  ServerProcess server(ws, {"--mail", "none", "--invite-rate", "0"});  // no deliverer: writes only

  constexpr int clients = 4;
  constexpr int per_client = 400;  // 16,000 invitations: over 400 MB of WAL frames in all
  std::atomic<int> created{0}, failed{0};
  std::atomic<bool> done{false};
  std::vector<std::thread> pool;
  for (int t = 0; t < clients; ++t)
    pool.emplace_back([&, t] {
      Client c(server.port);
      if (c.sign_in(owner_username, owner_password).status != 200) {
        failed += per_client;
        return;
      }
      for (int i = 0; i < per_client; ++i) {
        std::string text;
        for (int k = 0; k < 10; ++k)
          text += "wal-" + std::to_string(t) + "-" + std::to_string(i) + "-" + std::to_string(k) + "@ext.example; ";
        const auto r = c.post("/api/v1/invitations", {{"text", text}, {"access", {{"roles", {"developer"}}}}});
        (r.status == 201 ? created : failed)++;
      }
    });
  std::int64_t largest = 0;
  std::thread watcher([&] {
    while (!done) {
      largest = std::max(largest, file_size(ws.db + "-wal"));
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  });
  for (auto& th : pool) th.join();
  done = true;
  watcher.join();
  largest = std::max(largest, file_size(ws.db + "-wal"));

  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(created.load(), clients * per_client);
  EXPECT_EQ(count_rows(ws, "SELECT count(*) FROM invitations WHERE email LIKE 'wal-%'"), 10 * clients * per_client);
  RecordProperty("largest_wal_bytes", std::to_string(largest));
  // The server starts the WAL again every 16,000 frames (about 66 MB; 85 MB at most measured
  // here, since writers go on during the copy), where these writes make over 400 MB of frames.
  EXPECT_LE(largest, std::int64_t{160} << 20) << "the WAL grew to " << largest << " bytes";
}

}  // namespace
}  // namespace pcu_test
