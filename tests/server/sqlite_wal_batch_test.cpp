// The store's WAL-batching VFS (issue 3): a commit's frames are written together, and still
// every commit is in the WAL file before it returns, for readers on their own file handles
// and for a process that dies the next instant. Real SQLite files; the other side reads them
// with SQLite's own unix VFS.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>

#include <cstdlib>
#include <filesystem>
#include <functional>
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
  int try_exec(const std::string& sql) { return sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr); }
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

// One statement (so one transaction of its own) inserting `rows` rows of `bytes` random bytes.
std::string insert_rows(int rows, int bytes) {
  return "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + std::to_string(rows) +
         ") INSERT INTO t (body) SELECT randomblob(" + std::to_string(bytes) + ") FROM n";
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

// Runs `body` in a child process that then dies without closing anything, as a kill would
// leave it; returns the child's exit code (100 if `body` threw).
int in_a_process_that_dies(const std::function<int()>& body) {
  const pid_t child = ::fork();
  if (child < 0) throw std::runtime_error("fork");
  if (child == 0) {
    int code = 100;
    try {
      code = body();
    } catch (...) {
    }
    std::_Exit(code);  // no destructors, no close
  }
  int status = 0;
  if (::waitpid(child, &status, 0) != child || !WIFEXITED(status)) throw std::runtime_error("child");
  return WEXITSTATUS(status);
}

// Inserts 3,000 rows and then updates them all in one transaction with an 8-page cache, so
// SQLite writes frames before the commit, overwrites some, and writes their checksums again
// after the commit frame.
void commit_with_rewritten_checksums(Db& db) {
  db.exec("PRAGMA cache_size = 8");
  db.exec("BEGIN; " + insert_rows(3000, 400) + "; UPDATE t SET n = id * 2; COMMIT");
}

// From now on the process may not write past 24 bytes beyond the WAL's end (RLIMIT_FSIZE: the
// kernel answers EFBIG): a frame's header still fits, its page does not.
void let_the_wal_grow_by_24_bytes_only(const std::string& path) {
  std::signal(SIGXFSZ, SIG_IGN);  // a write past the limit fails instead of killing the process
  struct stat st {};
  if (::stat((path + "-wal").c_str(), &st) != 0) throw std::runtime_error("stat");
  rlimit limit{};
  ::getrlimit(RLIMIT_FSIZE, &limit);
  limit.rlim_cur = static_cast<rlim_t>(st.st_size) + 24;
  ::setrlimit(RLIMIT_FSIZE, &limit);
}

void let_files_grow() {
  rlimit limit{};
  ::getrlimit(RLIMIT_FSIZE, &limit);
  limit.rlim_cur = limit.rlim_max;
  ::setrlimit(RLIMIT_FSIZE, &limit);
}

constexpr const char* create_table = "CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB NOT NULL, n INTEGER NOT NULL DEFAULT 0)";

// A process commits and dies right after; the committed rows must be in the database its
// successor opens, overwritten frames and rewritten checksums included.
TEST(SqliteWalBatch, CommitsSurviveAProcessThatDiesRightAfter) {
  TempDir dir;
  const std::string path = dir.path + "/t.db";
  ASSERT_EQ(in_a_process_that_dies([&] {
              Db db(path, pcu::server::wal_batch_vfs());
              db.exec(create_table);
              db.exec(insert_rows(500, 400));
              commit_with_rewritten_checksums(db);
              return 0;
            }),
            0);
  Db after(path, nullptr);
  EXPECT_EQ(after.text("SELECT count(*) FROM t"), "3500");
  EXPECT_EQ(after.text("SELECT count(*) FROM t WHERE n = id * 2"), "3500");
  EXPECT_EQ(after.text("PRAGMA integrity_check"), "ok");
}

// In a process that dies afterwards: makes the table and runs `before`, then updates row 1
// (n = -1) while the WAL may grow by a frame's header only, then runs `after`. Returns whether
// the update was reported done.
bool update_reported_done_while_the_wal_cannot_grow(const std::string& path, const std::function<void(Db&)>& before,
                                                    const std::function<void(Db&)>& after = [](Db&) {}) {
  const int code = in_a_process_that_dies([&] {
    Db db(path, pcu::server::wal_batch_vfs());
    db.exec(create_table);
    before(db);
    let_the_wal_grow_by_24_bytes_only(path);
    const int done = db.try_exec("UPDATE t SET n = -1 WHERE id = 1") == SQLITE_OK ? 1 : 0;
    after(db);
    return done;
  });
  if (code == 100) throw std::runtime_error("the writer's process failed");
  return code == 1;
}

// What the writer is told is what a crash leaves: the next process finds row 1 updated
// exactly when the update was reported done, and the database whole.
void expect_row_one_as_told(const std::string& path, bool told_done, const std::string& n_before) {
  Db after(path, nullptr);
  EXPECT_EQ(after.text("SELECT n FROM t WHERE id = 1"), told_done ? "-1" : n_before);
  EXPECT_EQ(after.text("PRAGMA integrity_check"), "ok");
}

// A one-page commit whose page cannot be written, right after a commit whose checksums were
// rewritten, fails, and nothing of it is in the database the next process opens.
TEST(SqliteWalBatch, ACommitWhosePageCannotBeWrittenFails) {
  TempDir dir;
  const std::string path = dir.path + "/t.db";
  const bool told_done = update_reported_done_while_the_wal_cannot_grow(path, commit_with_rewritten_checksums);
  EXPECT_FALSE(told_done) << "the update could not be written and was reported done";
  expect_row_one_as_told(path, told_done, "2");
}

// A commit that failed stays failed: once writes work again and the writer goes on (its next
// read passes the barrier that writes anything still held), the failed commit's frames must
// not reach the file, where a crash's recovery would take them for a commit.
TEST(SqliteWalBatch, AFailedCommitStaysUndoneWhenWritesWorkAgain) {
  TempDir dir;
  const std::string path = dir.path + "/t.db";
  const bool told_done = update_reported_done_while_the_wal_cannot_grow(
      path, [](Db& db) { db.exec(insert_rows(100, 400)); },
      [](Db& db) {
        let_files_grow();
        db.text("SELECT count(*) FROM t");
      });
  EXPECT_FALSE(told_done) << "the update could not be written and was reported done";
  expect_row_one_as_told(path, told_done, "0");
}

}  // namespace
