// The store's WAL-batching VFS (issue 3): a commit's frames are written together, and still
// every commit is in the WAL file before it returns, for readers on their own file handles
// and for a process that dies the next instant. Real SQLite files; the other side reads them
// with SQLite's own unix VFS.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "sqlite_wal_batch.hpp"

namespace {

class Db {
 public:
  Db(const std::string& path, const char* vfs) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, vfs) != SQLITE_OK)
      throw std::runtime_error("open " + path);
    sqlite3_busy_timeout(db_, 5000);
    exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 0");
  }
  ~Db() { sqlite3_close_v2(db_); }
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
  void exec(const std::string& sql) {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
      const std::string message = error ? error : "?";
      sqlite3_free(error);
      throw std::runtime_error(sql + ": " + message);
    }
  }
  std::string text(const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) throw std::runtime_error(sql);
    std::string out;
    if (sqlite3_step(st) == SQLITE_ROW) out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return out;
  }

 private:
  sqlite3* db_ = nullptr;
};

struct TempDir {
  std::string path;
  TempDir() {
    char name[] = "/tmp/pcu-walbatch-XXXXXX";
    path = ::mkdtemp(name);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
};

// Inserts `rows` rows of `bytes` random bytes each in one transaction.
std::string insert_rows(int rows, int bytes) {
  return "BEGIN; WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + std::to_string(rows) +
         ") INSERT INTO t (body) SELECT randomblob(" + std::to_string(bytes) + ") FROM n; COMMIT";
}

TEST(SqliteWalBatch, EveryCommitIsInTheFileForAnotherConnection) {
  TempDir dir;
  const std::string path = dir.path + "/t.db";
  Db writer(path, pcu::server::wal_batch_vfs());
  writer.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB NOT NULL)");
  Db reader(path, nullptr);  // SQLite's own VFS, its own file handles
  int total = 0;
  // One page; a few hundred KB (several chunks of the held writes); over the 4 MiB held at most.
  for (const auto& [rows, bytes] : {std::pair{1, 100}, {300, 1000}, {2000, 3000}, {5, 50}}) {
    writer.exec(insert_rows(rows, bytes));
    total += rows;
    EXPECT_EQ(reader.text("SELECT count(*) FROM t"), std::to_string(total));
    EXPECT_EQ(reader.text("SELECT sum(length(body)) = " + std::to_string(rows * bytes) + " FROM (SELECT body FROM t "
                          "ORDER BY id DESC LIMIT " + std::to_string(rows) + ")"),
              "1");
  }
  EXPECT_EQ(reader.text("PRAGMA integrity_check"), "ok");
}

// A child process commits and dies without closing anything; the committed rows must be in
// the database its successor opens. The second transaction runs with a cache of a few pages,
// so SQLite writes frames before the commit and overwrites some of them (its checksums are
// written again after the commit frame), the case where held writes wait for the barrier.
TEST(SqliteWalBatch, CommitsSurviveAProcessThatDiesRightAfter) {
  TempDir dir;
  const std::string path = dir.path + "/t.db";
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    int code = 0;
    try {
      Db db(path, pcu::server::wal_batch_vfs());
      db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB NOT NULL, n INTEGER NOT NULL DEFAULT 0)");
      db.exec(insert_rows(500, 400));
      db.exec("PRAGMA cache_size = 8");
      db.exec("BEGIN; WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) "
              "INSERT INTO t (body) SELECT randomblob(400) FROM n; UPDATE t SET n = id * 2; COMMIT");
    } catch (...) {
      code = 1;
    }
    std::_Exit(code);  // no destructors, no close: like a kill right after the commit
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 0);

  Db after(path, nullptr);
  EXPECT_EQ(after.text("SELECT count(*) FROM t"), "3500");
  EXPECT_EQ(after.text("SELECT count(*) FROM t WHERE n = id * 2"), "3500");
  EXPECT_EQ(after.text("PRAGMA integrity_check"), "ok");
}

}  // namespace
