// sqlite_store.cpp: SqliteStore.
//
// Sections: connection and statements · transactions · account and tenants · directory
//           · account users · groups · products · sessions · invitations · history · audit · outbox
#include "sqlite_store.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <atomic>
#include <cctype>
#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <unordered_map>

#include <pcu/json.hpp>

#include "sqlite_schema.hpp"
#include "sqlite_wal_batch.hpp"

namespace pcu::server {

// ---- connection and statements --------------------------------------------------------

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

[[noreturn]] void fail(sqlite3* db, int rc, std::string_view what) {
  std::string message = std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  if ((rc & 0xff) == SQLITE_CONSTRAINT) throw StoreConflict(message);
  throw std::runtime_error(message);
}

// A cached prepared statement in use; reset and unbound when it goes out of scope.
class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

  void bind(int i, std::string_view v) {
    sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }
  void bind(int i, const std::string& v) { bind(i, std::string_view(v)); }
  void bind(int i, const char* v) { bind(i, std::string_view(v)); }
  void bind(int i, std::int64_t v) { sqlite3_bind_int64(stmt_, i, v); }
  void bind(int i, int v) { sqlite3_bind_int64(stmt_, i, v); }
  void bind(int i, std::size_t v) { sqlite3_bind_int64(stmt_, i, static_cast<std::int64_t>(v)); }
  void bind(int i, bool v) { sqlite3_bind_int64(stmt_, i, v ? 1 : 0); }
  void bind(int i, std::nullptr_t) { sqlite3_bind_null(stmt_, i); }
  template <typename T>
  void bind(int i, const std::optional<T>& v) {
    if (v) bind(i, *v);
    else sqlite3_bind_null(stmt_, i);
  }

  // True when a row is ready; false when done.
  bool step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail(db_, rc, "step");
  }
  void run() {
    while (step()) {
    }
  }
  std::string text(int col) const {
    const auto* p = sqlite3_column_text(stmt_, col);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string();
  }
  // The column's text in SQLite's own buffer: valid until the next step.
  std::string_view view(int col) const {
    const auto* p = sqlite3_column_text(stmt_, col);
    return p ? std::string_view(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string_view();
  }
  std::int64_t integer(int col) const { return sqlite3_column_int64(stmt_, col); }
  bool null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

std::atomic<std::uint64_t> next_instance{1};

// SQLite's allocation statistics take one process-wide mutex on every allocation; with a
// connection per worker thread that mutex is the hottest lock of the server. Turned off
// before the library starts (sqlite3_config refuses once it has).
void configure_sqlite_once() {
  static const bool done = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return true;
  }();
  (void)done;
}

}  // namespace

class SqliteStore::Connection {
 public:
  explicit Connection(const std::string& path) {
    configure_sqlite_once();
    const int rc = sqlite3_open_v2(path.c_str(), &db_,
                                   SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, wal_batch_vfs());
    if (rc != SQLITE_OK) {
      std::string message = "cannot open " + path + ": " + (db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc));
      sqlite3_close_v2(db_);
      throw std::runtime_error(message);
    }
    sqlite3_busy_timeout(db_, 5000);
    // secure_delete: deleted and shrunk rows are overwritten with zeros (a sent message's link,
    // an ended session), whatever the library's build default (Debian's is already on).
    exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;"
         "PRAGMA temp_store = MEMORY; PRAGMA wal_autocheckpoint = 0; PRAGMA journal_size_limit = 100663296;"
         "PRAGMA secure_delete = ON;");
  }
  ~Connection() {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void exec(const char* sql) {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &error) != SQLITE_OK) {
      std::string message = error ? error : "exec failed";
      sqlite3_free(error);
      const int rc = sqlite3_extended_errcode(db_);
      if ((rc & 0xff) == SQLITE_CONSTRAINT) throw StoreConflict(message);
      throw std::runtime_error(message);
    }
  }

  // `sql` must be a string literal: its address keys the cache.
  template <typename... Args>
  std::unique_ptr<Statement> query(const char* sql, const Args&... args) {
    sqlite3_stmt*& stmt = cache_[sql];
    if (!stmt) {
      const int rc = sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
      if (rc != SQLITE_OK) {
        stmt = nullptr;
        fail(db_, rc, "prepare");
      }
    }
    auto st = std::make_unique<Statement>(db_, stmt);
    int i = 0;
    (st->bind(++i, args), ...);
    (void)i;
    return st;
  }
  template <typename... Args>
  void run(const char* sql, const Args&... args) {
    query(sql, args...)->run();
  }
  template <typename... Args>
  std::optional<std::int64_t> scalar(const char* sql, const Args&... args) {
    auto st = query(sql, args...);
    if (!st->step() || st->null(0)) return std::nullopt;
    return st->integer(0);
  }

  sqlite3* db_ = nullptr;
  int depth = 0;         // write transaction nesting
  bool reading = false;  // inside read(): a read transaction is open
  // Account users added minus removed in this write transaction, not yet in
  // account_user_count: one UPDATE a transaction (flush_user_count), not one a row.
  std::int64_t user_count_delta = 0;

  void flush_user_count() {
    if (user_count_delta == 0) return;
    run("UPDATE account_user_count SET n = n + ? WHERE id = 1", user_count_delta);
    user_count_delta = 0;
  }
  RecordCache records;   // a reader's sessions and users; see SqliteStore::records()
  std::uint64_t records_generation = 0;  // the store's write generation when reading began

  // Opens a read transaction, whose snapshot starts at its first statement: after
  // `generation`'s writes are committed.
  void begin_reading(std::uint64_t generation) {
    records_generation = generation;
    run("BEGIN");
    reading = true;
  }

 private:
  std::unordered_map<const char*, sqlite3_stmt*> cache_;
};

SqliteStore::SqliteStore(std::string path)
    : path_(std::move(path)),
      instance_lock_(path_),
      instance_(next_instance++),
      writer_(std::make_unique<Connection>(path_)) {
  Connection& c = *writer_;
  const int have = static_cast<int>(c.scalar("PRAGMA user_version").value_or(0));
  for (const auto& m : sqlite_schema::migrations) {
    if (m.version <= have) continue;
    transaction([&] {
      c.exec(std::string(m.sql).c_str());
      c.exec(("PRAGMA user_version = " + std::to_string(m.version)).c_str());
    });
  }
  sqlite3_wal_hook(c.db_, &SqliteStore::wal_committed, this);
  checkpointer_ = std::thread([this] { checkpoint_loop(); });
}

SqliteStore::~SqliteStore() {
  {
    std::lock_guard lock(checkpoint_mutex_);
    stopping_ = true;
  }
  checkpoint_wake_.notify_all();
  checkpointer_.join();
}

// Connections never checkpoint on commit (wal_autocheckpoint = 0): this thread copies the
// WAL into the database, woken by the writer's commit hook once the WAL holds
// wal_checkpoint_frames frames, and every 200 ms otherwise. First without any lock (PASSIVE:
// readers and writers go on); then, once the WAL is that long, once more without the lock,
// and the rest while holding the write lock (RESTART: it also waits, at most
// checkpoint_reader_wait_ms, for readers still reading frames of the WAL), so the next write
// transaction starts the WAL again from its beginning. Without that second step, a steady
// stream of writes never let a checkpoint reach the WAL's end, or a reader still in the WAL
// kept the next writer from starting it again, and the WAL grew without bound: 1.4 GB in 8 s
// of the invitations benchmark, every commit appending to blocks the kernel must first zero.
// Once the writes stop (no frame added since the last pass) and the WAL is all copied, the WAL
// file is emptied (TRUNCATE, under the write lock): the pages it held, the text of a message
// since sent among them, are then only in the database file, where deleted and shrunk rows
// are overwritten (secure_delete). A steady load never waits for that.
void SqliteStore::checkpoint_loop() {
  sqlite3* db = connection().db_;
  sqlite3_busy_timeout(db, checkpoint_reader_wait_ms);
  std::unique_lock lock(checkpoint_mutex_);
  int frames_before = 0;  // the WAL's frames at the previous pass
  while (!stopping_) {
    checkpoint_wake_.wait_for(lock, std::chrono::milliseconds(200), [this] { return stopping_ || checkpoint_due_; });
    if (stopping_) break;
    checkpoint_due_ = false;
    lock.unlock();
    int frames = 0, copied = 0;
    sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, &frames, &copied);
    if (frames >= wal_checkpoint_frames) {
      // Again without the lock: what writers appended during the first copy (tens of ms), so
      // that the copy under the lock has only a few ms' worth left.
      sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
      std::lock_guard writes(write_mutex_);
      sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_RESTART, nullptr, nullptr);
    } else if (frames > 0 && copied == frames && frames == frames_before) {
      std::lock_guard writes(write_mutex_);
      if (sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_TRUNCATE, &frames, nullptr) != SQLITE_OK)
        frames = -1;  // a reader kept it from finishing: again at the next pass
    }
    frames_before = frames;
    lock.lock();
    // A reader that kept the WAL from starting again: try again soon, but not at every commit.
    checkpoint_wake_.wait_for(lock, std::chrono::milliseconds(10), [this] { return stopping_; });
  }
}

// The writer's commit hook, called with the write lock held: wakes the checkpointer once the
// WAL has grown enough; should the checkpointer fall behind (a busy or slow disk), the writer
// copies the WAL itself at wal_ceiling_frames (about 99 MB).
int SqliteStore::wal_committed(void* store, sqlite3* db, const char*, int frames) {
  if (frames >= wal_ceiling_frames) {
    sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  } else if (frames >= wal_checkpoint_frames) {
    auto* self = static_cast<SqliteStore*>(store);
    {
      std::lock_guard lock(self->checkpoint_mutex_);
      self->checkpoint_due_ = true;
    }
    self->checkpoint_wake_.notify_one();
  }
  return SQLITE_OK;
}

namespace {
// The store whose write transaction this thread is running, if any.
thread_local const SqliteStore* writing = nullptr;
}  // namespace

SqliteStore::Connection& SqliteStore::connection() {
  // Inside transaction(): the one writer connection, whatever the thread.
  if (writing == this) return *writer_;
  // Otherwise one connection per thread and store; SQLite connections are not shared between
  // threads.
  thread_local std::unordered_map<std::uint64_t, std::unique_ptr<Connection>> connections;
  auto& c = connections[instance_];
  if (!c) c = std::make_unique<Connection>(path_);
  return *c;
}

// ---- transactions ---------------------------------------------------------------------

// Every write transaction runs on one connection (writer_), taken with write_mutex_: its page
// cache stays warm from one transaction to the next, where a connection per thread would find
// its cache emptied by the other threads' commits and read every page again. (Group commit,
// several requests' savepoints in one transaction, was tried: batches of 2.6 requests under
// the invitations benchmark saved no CPU, since the pages a request dirties are mostly its own.)
void SqliteStore::transaction(const std::function<void()>& body) {
  if (writing == this) {  // nested: joins the outer transaction
    ++writer_->depth;
    try {
      body();
    } catch (...) {
      --writer_->depth;
      throw;
    }
    --writer_->depth;
    return;
  }
  // A write inside read(): the snapshot ends here (it could not show this write) and a new one
  // starts after the commit.
  Connection& reader = connection();
  const bool resume_reading = reader.reading;
  if (resume_reading) {
    reader.run("COMMIT");
    reader.reading = false;
  }
  const auto resume = [&] {
    if (resume_reading) reader.begin_reading(generation_.load());
  };
  std::unique_lock lock(write_mutex_);
  Connection& c = *writer_;
  writing = this;
  try {
    c.run("BEGIN IMMEDIATE");
    c.depth = 1;
    body();
    c.flush_user_count();
    c.run("COMMIT");
    generation_.fetch_add(1);  // after the commit: a read that sees the new value sees the write
  } catch (...) {
    sqlite3_exec(c.db_, "ROLLBACK", nullptr, nullptr, nullptr);
    c.user_count_delta = 0;
    c.depth = 0;
    writing = nullptr;
    lock.unlock();
    resume();
    throw;
  }
  c.depth = 0;
  writing = nullptr;
  lock.unlock();
  resume();
}

void SqliteStore::read(const std::function<void()>& body) {
  if (writing == this) return body();
  Connection& c = connection();
  if (c.reading) return body();
  c.begin_reading(generation_.load());
  try {
    body();
  } catch (...) {
    if (c.reading) sqlite3_exec(c.db_, "ROLLBACK", nullptr, nullptr, nullptr);
    c.reading = false;
    throw;
  }
  if (c.reading) c.run("COMMIT");
  c.reading = false;
}

// The record cache of this thread's reader connection, valid for the open read transaction;
// null in a write transaction or outside read(). The write generation is read before the
// snapshot starts, so a record read in this transaction is at least as new as the generation
// it is kept under, and one write committed since empties the cache at the next read. (Only
// this process writes the file: instance_lock_.)
RecordCache* SqliteStore::records() {
  if (writing == this) return nullptr;
  Connection& c = connection();
  if (!c.reading) return nullptr;
  c.records.validate(c.records_generation);
  return &c.records;
}

// ---- account and tenants --------------------------------------------------------------

namespace {
std::string access_text(const pcu::Access& a) { return pcu::access_to_json(a).dump(); }
pcu::Access parse_access(const std::string& text) {
  pcu::Access a;
  pcu::Problems problems;
  auto j = pcu::json::parse(text, nullptr, false);
  if (!j.is_discarded()) pcu::read(j, a, problems);
  return a;
}
// Stored access is written by access_text() and few distinct texts recur (a role set or a
// permission matrix shared by many users), so each thread keeps the parsed ones it has seen.
pcu::Access access_of(const std::string& text) {
  thread_local std::unordered_map<std::string, pcu::Access> parsed;
  if (const auto found = parsed.find(text); found != parsed.end()) return found->second;
  if (parsed.size() >= 512) parsed.clear();
  return parsed.emplace(text, parse_access(text)).first->second;
}
std::string status_name(pcu::UserStatus s) { return std::string(pcu::name_of(s)); }
}  // namespace

bool SqliteStore::initialized() { return connection().scalar("SELECT count(*) FROM account").value_or(0) > 0; }

void SqliteStore::create_account(const std::string& name, const std::string& owner_id, std::int64_t now) {
  connection().run("INSERT INTO account (id, name, owner_id, created_at) VALUES (1, ?, ?, ?)", name, owner_id, now);
}

std::string SqliteStore::owner_id() {
  auto st = connection().query("SELECT owner_id FROM account WHERE id = 1");
  return st->step() ? st->text(0) : std::string();
}

void SqliteStore::insert_tenant(const TenantRow& t) {
  Connection& c = connection();
  c.run("INSERT INTO tenants (id, name) VALUES (?, ?)", t.id, t.name);
  for (const auto& d : t.domains)
    c.run("INSERT INTO tenant_domains (tenant_id, domain) VALUES (?, ?)", t.id, lower(d));
}

std::vector<TenantRow> SqliteStore::tenants() {
  std::vector<TenantRow> out;
  {
    auto st = connection().query("SELECT id, name FROM tenants ORDER BY name, id");
    while (st->step()) out.push_back({st->text(0), st->text(1), {}});
  }
  for (auto& t : out) {
    auto st = connection().query("SELECT domain FROM tenant_domains WHERE tenant_id = ? ORDER BY domain", t.id);
    while (st->step()) t.domains.push_back(st->text(0));
  }
  return out;
}

std::optional<TenantRow> SqliteStore::tenant(const std::string& id) {
  TenantRow t;
  {
    auto st = connection().query("SELECT id, name FROM tenants WHERE id = ?", id);
    if (!st->step()) return std::nullopt;
    t = {st->text(0), st->text(1), {}};
  }
  auto st = connection().query("SELECT domain FROM tenant_domains WHERE tenant_id = ? ORDER BY domain", id);
  while (st->step()) t.domains.push_back(st->text(0));
  return t;
}

bool SqliteStore::domain_verified(const std::string& tenant_id, std::string_view domain) {
  return connection()
      .scalar("SELECT 1 FROM tenant_domains WHERE tenant_id = ? AND domain = ?", tenant_id, lower(domain))
      .has_value();
}

// ---- directory ------------------------------------------------------------------------

namespace {
#define PCU_DIRECTORY_COLUMNS                                                                          \
  "d.id, d.tenant_id, d.first_name, d.last_name, d.username, d.recovery_email, d.type, d.global_admin, " \
  "d.password_hash, d.must_change_password, d.created_at"
constexpr int directory_column_count = 11;
#define PCU_ACCOUNT_COLUMNS "a.user_id, a.owner, a.status, a.access, a.version, a.added_at, a.last_activity"

DirectoryUserRow read_directory(const Statement& st, int o = 0) {
  DirectoryUserRow u;
  u.id = st.text(o + 0);
  u.tenant_id = st.text(o + 1);
  u.first_name = st.text(o + 2);
  u.last_name = st.text(o + 3);
  u.username = st.text(o + 4);
  u.recovery_email = st.text(o + 5);
  u.type = pcu::user_type_from_name(st.text(o + 6)).value_or(pcu::UserType::member);
  u.global_admin = st.integer(o + 7) != 0;
  u.password_hash = st.text(o + 8);
  u.must_change_password = st.integer(o + 9) != 0;
  u.created_at = st.integer(o + 10);
  return u;
}

std::optional<AccountUserRow> read_account(const Statement& st, int o) {
  if (st.null(o)) return std::nullopt;
  AccountUserRow a;
  a.user_id = st.text(o + 0);
  a.owner = st.integer(o + 1) != 0;
  a.status = pcu::user_status_from_name(st.text(o + 2)).value_or(pcu::UserStatus::disabled);
  a.access = access_of(st.text(o + 3));
  a.version = st.integer(o + 4);
  a.added_at = st.integer(o + 5);
  if (!st.null(o + 6)) a.last_activity = st.integer(o + 6);
  return a;
}

std::string like_pattern(std::string_view search) {
  std::string p = "%";
  for (char c : lower(search)) {
    if (c == '%' || c == '_' || c == '\\') p += '\\';
    p += c;
  }
  return p + "%";
}
}  // namespace

void SqliteStore::insert_directory_user(const DirectoryUserRow& u) {
  connection().run(
      "INSERT INTO directory_users (id, tenant_id, first_name, last_name, username, username_key, recovery_email, "
      "recovery_key, type, global_admin, password_hash, must_change_password, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      u.id, u.tenant_id, u.first_name, u.last_name, u.username, lower(u.username), u.recovery_email,
      lower(u.recovery_email), std::string(pcu::name_of(u.type)), u.global_admin, u.password_hash,
      u.must_change_password, u.created_at);
}

void SqliteStore::update_directory_user(const DirectoryUserRow& u) {
  Connection& c = connection();
  c.run("UPDATE directory_users SET first_name = ?, last_name = ?, username = ?, username_key = ?, "
        "recovery_email = ?, recovery_key = ?, type = ?, global_admin = ? WHERE id = ?",
        u.first_name, u.last_name, u.username, lower(u.username), u.recovery_email, lower(u.recovery_email),
        std::string(pcu::name_of(u.type)), u.global_admin, u.id);
  c.run("UPDATE account_users SET sort_key = ?, name_key = lower(?), type = ?, first_name = ?, last_name = ?, "
        "username = ?, global_admin = ? WHERE user_id = ?",
        lower(u.username), u.first_name + " " + u.last_name, std::string(pcu::name_of(u.type)), u.first_name,
        u.last_name, u.username, u.global_admin, u.id);
}

std::optional<DirectoryUserRow> SqliteStore::directory_user(const std::string& id) {
  auto st = connection().query("SELECT " PCU_DIRECTORY_COLUMNS " FROM directory_users d WHERE d.id = ?", id);
  if (!st->step()) return std::nullopt;
  return read_directory(*st);
}

// By username alone: "tenant_id IN tenants" (always true) searches the unique (tenant_id,
// username_key) index once per tenant; there is no index of usernames alone (migration 6).
std::optional<DirectoryUserRow> SqliteStore::directory_user_by_username(std::string_view username) {
  auto st = connection().query("SELECT " PCU_DIRECTORY_COLUMNS
                               " FROM directory_users d LEFT JOIN account_users a ON a.user_id = d.id "
                               "WHERE d.tenant_id IN (SELECT id FROM tenants) AND d.username_key = ? "
                               "ORDER BY a.user_id IS NULL, d.id LIMIT 1",
                               lower(username));
  if (!st->step()) return std::nullopt;
  return read_directory(*st);
}

std::optional<DirectoryUserRow> SqliteStore::directory_user_in_tenant(const std::string& tenant_id,
                                                                      std::string_view username) {
  auto st = connection().query("SELECT " PCU_DIRECTORY_COLUMNS
                               " FROM directory_users d WHERE d.tenant_id = ? AND d.username_key = ?",
                               tenant_id, lower(username));
  if (!st->step()) return std::nullopt;
  return read_directory(*st);
}

std::vector<UserRecord> SqliteStore::search_directory(const DirectoryQuery& q) {
  std::vector<UserRecord> out;
  auto st = connection().query(
      "SELECT " PCU_DIRECTORY_COLUMNS ", " PCU_ACCOUNT_COLUMNS
      " FROM directory_users d LEFT JOIN account_users a ON a.user_id = d.id "
      "WHERE d.tenant_id = ?1 AND (?2 = '' OR d.username_key LIKE ?3 ESCAPE '\\' "
      "OR lower(d.first_name) LIKE ?3 ESCAPE '\\' OR lower(d.last_name) LIKE ?3 ESCAPE '\\' "
      "OR lower(d.first_name || ' ' || d.last_name) LIKE ?3 ESCAPE '\\') "
      "ORDER BY d.username_key, d.id LIMIT ?4",
      q.tenant_id, q.search, like_pattern(q.search), q.limit);
  while (st->step()) out.push_back({read_directory(*st), read_account(*st, directory_column_count), {}, {}});
  return out;
}

void SqliteStore::set_password(const std::string& user_id, const std::string& hash, bool must_change) {
  connection().run("UPDATE directory_users SET password_hash = ?, must_change_password = ? WHERE id = ?", hash,
                   must_change, user_id);
}

// ---- account users --------------------------------------------------------------------

// The directory columns are read first and the row inserted with VALUES: an INSERT ... SELECT
// may write several rows, so SQLite keeps a statement journal of every page it changes (8 µs
// of the 28 an account user took under the invitations benchmark).
void SqliteStore::insert_account_user(const AccountUserRow& a) {
  Connection& c = connection();
  auto d = c.query("SELECT username_key, lower(first_name || ' ' || last_name), type, tenant_id, first_name, "
                   "last_name, username, global_admin, account_version FROM directory_users WHERE id = ?",
                   a.user_id);
  if (!d->step()) throw StoreConflict("no such directory user: " + a.user_id);
  // Added again after a removal: the version goes on from the last one (R-UM13).
  const std::int64_t version = std::max<std::int64_t>(a.version, d->integer(8) + 1);
  c.run("INSERT INTO account_users (user_id, sort_key, owner, status, access, role_bits, version, added_at, "
        "last_activity, name_key, type, tenant_id, activity_key, first_name, last_name, username, global_admin) "
        "VALUES (?1, ?9, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?10, ?11, ?12, ifnull(?8, 0), ?13, ?14, ?15, ?16)",
        a.user_id, a.owner, status_name(a.status), access_text(a.access), static_cast<int>(a.access.roles.bits),
        version, a.added_at, a.last_activity, d->view(0), d->view(1), d->view(2), d->view(3), d->view(4),
        d->view(5), d->view(6), d->integer(7));
  c.user_count_delta += 1;
  if (writing != this) c.flush_user_count();
}

void SqliteStore::update_account_user(const AccountUserRow& a) {
  connection().run("UPDATE account_users SET status = ?, access = ?, role_bits = ?, version = ? WHERE user_id = ?",
                   status_name(a.status), access_text(a.access), static_cast<int>(a.access.roles.bits), a.version,
                   a.user_id);
}

void SqliteStore::delete_account_user(const std::string& user_id) {
  Connection& c = connection();
  c.run("UPDATE directory_users SET account_version = "
        "coalesce((SELECT version FROM account_users WHERE user_id = ?1), account_version) WHERE id = ?1",
        user_id);
  c.run("DELETE FROM account_users WHERE user_id = ?", user_id);
  if (sqlite3_changes(c.db_) == 1) c.user_count_delta -= 1;
  if (writing != this) c.flush_user_count();
}

std::optional<UserRecord> SqliteStore::user(const std::string& user_id) {
  RecordCache* cache = records();
  if (cache)
    if (const auto* hit = cache->user(user_id)) return *hit;
  UserRecord r;
  {
    auto st = connection().query("SELECT " PCU_DIRECTORY_COLUMNS ", " PCU_ACCOUNT_COLUMNS
                                 " FROM directory_users d LEFT JOIN account_users a ON a.user_id = d.id "
                                 "WHERE d.id = ?",
                                 user_id);
    if (!st->step()) return std::nullopt;
    r.directory = read_directory(*st);
    r.account = read_account(*st, directory_column_count);
  }
  read_groups(r);
  if (cache) cache->keep_user(r);
  return r;
}

// The record's group ids (by name) and the access of those that grant any (by id).
void SqliteStore::read_groups(UserRecord& r) {
  auto st = connection().query(
      "SELECT m.group_id, g.access FROM group_members m JOIN user_groups g ON g.id = m.group_id "
      "WHERE m.user_id = ? ORDER BY g.name_key",
      r.directory.id);
  auto& access = r.group_access.emplace();
  while (st->step()) {
    r.group_ids.push_back(st->text(0));
    if (!st->null(1)) access.push_back({r.group_ids.back(), access_of(st->text(1))});
  }
  std::sort(access.begin(), access.end(), [](const auto& x, const auto& y) { return x.id < y.id; });
}

namespace {
// The users list's SQL, made once per sort, order, filtering and paging mode: the unfiltered
// forms name no filter column, so the walk stays on the sort's covering index (name, username,
// last activity; type and status have none since migration 8 and read the table); the offset
// form skips rows inside that index before joining (OFFSET still steps over the skipped entries).
// Parameters: ?1 sort value, ?2 username key, ?3 id (cursor); ?4 search, ?5 its LIKE pattern,
// ?6 type, ?7 role bit, ?8 status, ?9 tenant (filters); ?10 limit, ?11 offset.
struct UserListSql {
  std::string page;
  std::string count;
};

// The columns a list row shows, all from account_users (migration 4), then the sort value.
#define PCU_LIST_COLUMNS                                                                                \
  "a.user_id, a.tenant_id, a.first_name, a.last_name, a.username, a.type, a.global_admin, a.owner, " \
  "a.status, a.access, a.version, a.added_at, a.last_activity"
constexpr int list_value_column = 13;

UserListRow read_list_row(const Statement& st) {
  UserListRow r;
  r.id = st.view(0);
  r.tenant_id = st.view(1);
  r.first_name = st.view(2);
  r.last_name = st.view(3);
  r.username = st.view(4);
  r.type = st.view(5);
  r.global_admin = st.integer(6) != 0;
  r.owner = st.integer(7) != 0;
  r.status = st.view(8);
  r.access_json = st.view(9);
  r.version = st.integer(10);
  r.added_at = st.integer(11);
  if (!st.null(12)) r.last_activity = st.integer(12);
  r.sort_value = st.view(list_value_column);
  return r;
}

// Where a page starts: after a keyset cursor, at an offset, or at the first row.
enum class PageStart { cursor, offset, first };

// The page and count statements for every sort, order, filter and start, built once. A
// cursor or the first page walks the sort's covering index, where it has one, from its start
// and stops after `limit` rows; an offset skips within the index first and then reads only the
// page's rows.
const UserListSql& user_list_sql(const UserQuery& q) {
  static const std::array<UserListSql, 60> table = [] {
    static constexpr const char* sort_columns[] = {"a.name_key", "a.sort_key", "a.type", "a.status", "a.activity_key"};
    static constexpr const char* filter =
        "(?4 = '' OR a.name_key LIKE ?5 ESCAPE '\\' OR a.sort_key LIKE ?5 ESCAPE '\\') AND (?6 IS NULL OR a.type = ?6) "
        "AND (?7 = 0 OR (a.role_bits & ?7) <> 0) AND (?8 IS NULL OR a.status = ?8) AND (?9 = '' OR a.tenant_id = ?9)";
    std::array<UserListSql, 60> t;
    for (int sort = 0; sort < 5; ++sort)
      for (int desc = 0; desc < 2; ++desc)
        for (int filtered = 0; filtered < 2; ++filtered)
          for (int start = 0; start < 3; ++start) {
            const std::string primary = sort_columns[sort];
            const bool by_username = sort == static_cast<int>(UserSort::username);
            const std::string keys = by_username ? "a.sort_key, a.user_id" : primary + ", a.sort_key, a.user_id";
            const std::string cursor = by_username ? "(?2, ?3)" : "(?1, ?2, ?3)";
            const char* dir = desc ? " DESC" : "";
            std::string order = " ORDER BY ";
            if (!by_username) order += primary + dir + ", ";
            order += std::string("a.sort_key") + dir + ", a.user_id" + dir;
            const std::string select = "SELECT " PCU_LIST_COLUMNS ", " + primary;
            const std::string where_filter = filtered ? std::string(" WHERE ") + filter : std::string();
            std::string page;
            switch (static_cast<PageStart>(start)) {
              case PageStart::offset:
                page = select + " FROM (SELECT a.rowid AS rid FROM account_users a" + where_filter + order +
                       " LIMIT ?10 OFFSET ?11) p JOIN account_users a ON a.rowid = p.rid" + order;
                break;
              case PageStart::cursor:
                page = select + " FROM account_users a WHERE (" + keys + (desc ? ") < " : ") > ") + cursor +
                       (filtered ? std::string(" AND ") + filter : std::string()) + order + " LIMIT ?10";
                break;
              case PageStart::first:
                page = select + " FROM account_users a" + where_filter + order + " LIMIT ?10";
                break;
            }
            auto& entry = t[static_cast<std::size_t>(((sort * 2 + desc) * 2 + filtered) * 3 + start)];
            entry.page = std::move(page);
            entry.count = filtered ? std::string("SELECT count(*) FROM account_users a WHERE ") + filter
                                   : std::string("SELECT n FROM account_user_count WHERE id = 1");
          }
    return t;
  }();
  const int sort = static_cast<int>(q.sort);
  const PageStart start = q.after ? PageStart::cursor : q.offset > 0 ? PageStart::offset : PageStart::first;
  return table[static_cast<std::size_t>(((sort * 2 + q.descending) * 2 + q.filtered()) * 3 + static_cast<int>(start))];
}

struct UserFilterValues {
  std::optional<std::string> type, status;
  int role_bit = 0;
  explicit UserFilterValues(const UserQuery& q) {
    if (q.type) type = std::string(pcu::name_of(*q.type));
    if (q.status) status = status_name(*q.status);
    if (q.role) role_bit = 1 << static_cast<int>(*q.role);
  }
};
}  // namespace

void SqliteStore::each_user(const UserQuery& q, const std::function<void(const UserListRow&)>& row) {
  const UserFilterValues f(q);
  std::optional<std::int64_t> after_number;  // last_activity sorts numbers, not text
  if (q.sort == UserSort::last_activity && q.after) after_number = std::strtoll(q.after_value.c_str(), nullptr, 10);
  auto st = connection().query(user_list_sql(q).page.c_str(), q.after_value, q.after_key, q.after_id, q.search,
                               like_pattern(q.search), f.type, f.role_bit, f.status, q.tenant_id, q.limit, q.offset);
  if (after_number) st->bind(1, *after_number);
  while (st->step()) row(read_list_row(*st));
}

std::int64_t SqliteStore::count_users(const UserQuery& q) {
  const UserFilterValues f(q);
  connection().flush_user_count();  // this transaction's own additions count too
  return connection()
      .scalar(user_list_sql(q).count.c_str(), q.after_value, q.after_key, q.after_id, q.search, like_pattern(q.search),
              f.type, f.role_bit, f.status, q.tenant_id)
      .value_or(0);
}

bool SqliteStore::email_in_use(std::string_view email) {
  return connection()
             .scalar("SELECT EXISTS (SELECT 1 FROM directory_users d JOIN account_users a ON a.user_id = d.id "
                     "WHERE d.tenant_id IN (SELECT id FROM tenants) AND d.username_key = ?1) "  // see directory_user_by_username
                     "OR EXISTS (SELECT 1 FROM directory_users d JOIN account_users a ON a.user_id = d.id "
                     "WHERE d.recovery_key = ?1 AND d.recovery_key <> '') "
                     "OR EXISTS (SELECT 1 FROM invitations WHERE email = ?1 AND status = 'pending')",
                     lower(email))
             .value_or(0) != 0;
}

void SqliteStore::set_last_activity(const std::string& user_id, std::int64_t at) {
  connection().run("UPDATE account_users SET last_activity = ?1, activity_key = ?1 WHERE user_id = ?2", at, user_id);
}

// ---- groups ---------------------------------------------------------------------------

namespace {
GroupRow read_group(const Statement& st) {
  GroupRow g;
  g.id = st.text(0);
  g.tenant_id = st.text(1);
  g.display_name = st.text(2);
  g.description = st.text(3);
  if (!st.null(4)) g.access = access_of(st.text(4));
  g.created_at = st.integer(5);
  return g;
}
}  // namespace

void SqliteStore::insert_group(const GroupRow& g) {
  Connection& c = connection();
  std::optional<std::string> access;
  if (g.access) access = access_text(*g.access);
  c.run("INSERT INTO user_groups (id, tenant_id, display_name, name_key, description, access, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        g.id, g.tenant_id, g.display_name, lower(g.display_name), g.description, access, g.created_at);
  for (const auto& m : g.members) c.run("INSERT INTO group_members (group_id, user_id) VALUES (?, ?)", g.id, m);
}

void SqliteStore::set_group_access(const std::string& group_id, const std::optional<pcu::Access>& access) {
  std::optional<std::string> text;
  if (access) text = access_text(*access);
  connection().run("UPDATE user_groups SET access = ? WHERE id = ?", text, group_id);
}

std::size_t SqliteStore::group_count(const std::string& tenant_id) {
  return static_cast<std::size_t>(
      connection().scalar("SELECT count(*) FROM user_groups WHERE tenant_id = ?", tenant_id).value_or(0));
}

std::vector<GroupRow> SqliteStore::groups(const std::string& tenant_id) {
  std::vector<GroupRow> out;
  {
    auto st = connection().query("SELECT id, tenant_id, display_name, description, access, created_at "
                                 "FROM user_groups WHERE tenant_id = ? ORDER BY name_key",
                                 tenant_id);
    while (st->step()) out.push_back(read_group(*st));
  }
  for (auto& g : out) {
    auto st = connection().query("SELECT user_id FROM group_members WHERE group_id = ? ORDER BY user_id", g.id);
    while (st->step()) g.members.push_back(st->text(0));
  }
  return out;
}

std::optional<GroupRow> SqliteStore::group(const std::string& id) {
  GroupRow g;
  {
    auto st = connection().query(
        "SELECT id, tenant_id, display_name, description, access, created_at FROM user_groups WHERE id = ?", id);
    if (!st->step()) return std::nullopt;
    g = read_group(*st);
  }
  auto st = connection().query("SELECT user_id FROM group_members WHERE group_id = ? ORDER BY user_id", id);
  while (st->step()) g.members.push_back(st->text(0));
  return g;
}

std::optional<std::string> SqliteStore::group_id_in_tenant(const std::string& tenant_id, std::string_view key) {
  auto st = connection().query(
      "SELECT id FROM user_groups WHERE tenant_id = ?1 AND (id = ?2 OR name_key = lower(?2)) ORDER BY id = ?2 DESC",
      tenant_id, key);
  if (!st->step()) return std::nullopt;
  return st->text(0);
}

void SqliteStore::set_user_groups(const std::string& user_id, const std::vector<std::string>& group_ids) {
  Connection& c = connection();
  c.run("DELETE FROM group_members WHERE user_id = ?", user_id);
  for (const auto& g : group_ids) c.run("INSERT INTO group_members (group_id, user_id) VALUES (?, ?)", g, user_id);
}

std::vector<pcu::GroupAccess> SqliteStore::group_access_of(const std::string& user_id) {
  std::vector<pcu::GroupAccess> out;
  auto st = connection().query(
      "SELECT g.id, g.access FROM group_members m JOIN user_groups g ON g.id = m.group_id "
      "WHERE m.user_id = ? AND g.access IS NOT NULL ORDER BY g.id",
      user_id);
  while (st->step()) out.push_back({st->text(0), access_of(st->text(1))});
  return out;
}

// ---- products -------------------------------------------------------------------------

void SqliteStore::insert_product(const ProductRecord& p) {
  connection().run("INSERT INTO products (id, name) VALUES (?, ?)", p.id, p.name);
}

std::vector<ProductRecord> SqliteStore::products() {
  std::vector<ProductRecord> out;
  auto st = connection().query("SELECT id, name FROM products ORDER BY id");
  while (st->step()) out.push_back({st->text(0), st->text(1)});
  return out;
}

// ---- sessions -------------------------------------------------------------------------

void SqliteStore::insert_session(const SessionRow& s) {
  connection().run("INSERT INTO sessions (token_hash, user_id, csrf_token, acting_tenant, created_at, expires_at) "
                   "VALUES (?, ?, ?, ?, ?, ?)",
                   s.token_hash, s.user_id, s.csrf_token, s.acting_tenant, s.created_at, s.expires_at);
}

std::optional<Store::SignedIn> SqliteStore::session_user(const std::string& token_hash) {
  RecordCache* cache = records();
  if (cache)
    if (const auto* hit = cache->session(token_hash)) return *hit;
  SignedIn out;
  {
    auto st = connection().query("SELECT s.token_hash, s.user_id, s.csrf_token, s.acting_tenant, s.created_at, "
                                 "s.expires_at, " PCU_DIRECTORY_COLUMNS ", " PCU_ACCOUNT_COLUMNS
                                 " FROM sessions s JOIN directory_users d ON d.id = s.user_id "
                                 "LEFT JOIN account_users a ON a.user_id = d.id WHERE s.token_hash = ?",
                                 token_hash);
    if (!st->step()) return std::nullopt;
    out.session = {st->text(0), st->text(1), st->text(2), st->text(3), st->integer(4), st->integer(5)};
    out.user.directory = read_directory(*st, 6);
    out.user.account = read_account(*st, 6 + directory_column_count);
  }
  read_groups(out.user);
  if (cache) cache->keep_session(out);
  return out;
}

std::optional<SessionRow> SqliteStore::session(const std::string& token_hash) {
  auto st = connection().query(
      "SELECT token_hash, user_id, csrf_token, acting_tenant, created_at, expires_at FROM sessions WHERE token_hash = ?",
      token_hash);
  if (!st->step()) return std::nullopt;
  return SessionRow{st->text(0), st->text(1), st->text(2), st->text(3), st->integer(4), st->integer(5)};
}

void SqliteStore::delete_session(const std::string& token_hash) {
  connection().run("DELETE FROM sessions WHERE token_hash = ?", token_hash);
}

void SqliteStore::delete_sessions_of(const std::string& user_id) {
  connection().run("DELETE FROM sessions WHERE user_id = ?", user_id);
}

void SqliteStore::set_acting_tenant(const std::string& token_hash, const std::string& tenant_id) {
  connection().run("UPDATE sessions SET acting_tenant = ? WHERE token_hash = ?", tenant_id, token_hash);
}

void SqliteStore::purge_sessions(std::int64_t now) {
  connection().run("DELETE FROM sessions WHERE expires_at <= ?", now);
}

SignInFailures SqliteStore::sign_in_failures(const std::string& key) {
  auto st = connection().query("SELECT count, last_at, locked_until FROM sign_in_failures WHERE username_key = ?", key);
  if (!st->step()) return {};
  return {static_cast<int>(st->integer(0)), st->integer(1), st->integer(2)};
}

void SqliteStore::set_sign_in_failures(const std::string& key, const SignInFailures& f) {
  connection().run("INSERT INTO sign_in_failures (username_key, count, last_at, locked_until) VALUES (?1, ?2, ?3, ?4) "
                   "ON CONFLICT (username_key) DO UPDATE SET count = ?2, last_at = ?3, locked_until = ?4",
                   key, f.count, f.last_at, f.locked_until);
}

void SqliteStore::clear_sign_in_failures(const std::string& key) {
  connection().run("DELETE FROM sign_in_failures WHERE username_key = ?", key);
}

// ---- invitations ----------------------------------------------------------------------

namespace {
#define PCU_INVITATION_COLUMNS \
  "id, user_id, tenant_id, email, display_name, status, token_hash, invited_by, created_at, expires_at, last_sent_at"
InvitationRow read_invitation(const Statement& st) {
  InvitationRow r;
  r.id = st.text(0);
  r.user_id = st.text(1);
  r.tenant_id = st.text(2);
  r.email = st.text(3);
  r.display_name = st.text(4);
  const auto s = st.text(5);
  r.status = s == "accepted" ? InvitationStatus::accepted
             : s == "revoked" ? InvitationStatus::revoked
                              : InvitationStatus::pending;
  r.token_hash = st.text(6);
  r.invited_by = st.text(7);
  r.created_at = st.integer(8);
  r.expires_at = st.integer(9);
  r.last_sent_at = st.integer(10);
  return r;
}
std::string status_text(InvitationStatus s) { return std::string(invitation_status_names[static_cast<int>(s)]); }
}  // namespace

void SqliteStore::insert_invitation(const InvitationRow& r) {
  connection().run("INSERT INTO invitations (" PCU_INVITATION_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   r.id, r.user_id, r.tenant_id, lower(r.email), r.display_name, status_text(r.status), r.token_hash,
                   r.invited_by, r.created_at, r.expires_at, r.last_sent_at);
}

void SqliteStore::update_invitation(const InvitationRow& r) {
  connection().run("UPDATE invitations SET status = ?, token_hash = ?, expires_at = ?, last_sent_at = ? WHERE id = ?",
                   status_text(r.status), r.token_hash, r.expires_at, r.last_sent_at, r.id);
}

std::optional<InvitationRow> SqliteStore::invitation(const std::string& id) {
  auto st = connection().query("SELECT " PCU_INVITATION_COLUMNS " FROM invitations WHERE id = ?", id);
  if (!st->step()) return std::nullopt;
  return read_invitation(*st);
}

std::optional<InvitationRow> SqliteStore::invitation_by_token(const std::string& token_hash) {
  auto st = connection().query("SELECT " PCU_INVITATION_COLUMNS " FROM invitations WHERE token_hash = ?", token_hash);
  if (!st->step()) return std::nullopt;
  return read_invitation(*st);
}

std::optional<InvitationRow> SqliteStore::pending_invitation_of(const std::string& user_id) {
  auto st = connection().query(
      "SELECT " PCU_INVITATION_COLUMNS " FROM invitations WHERE user_id = ? AND status = 'pending'", user_id);
  if (!st->step()) return std::nullopt;
  return read_invitation(*st);
}

std::vector<InvitationRow> SqliteStore::invitations(const std::string& tenant_id,
                                                    std::optional<InvitationStatus> status, std::size_t limit) {
  std::vector<InvitationRow> out;
  std::optional<std::string> s;
  if (status) s = status_text(*status);
  auto st = connection().query("SELECT " PCU_INVITATION_COLUMNS " FROM invitations WHERE tenant_id = ?1 "
                               "AND (?2 IS NULL OR status = ?2) ORDER BY created_at DESC, id LIMIT ?3",
                               tenant_id, s, limit);
  while (st->step()) out.push_back(read_invitation(*st));
  return out;
}

void SqliteStore::insert_recovery(const RecoveryRow& r) {
  connection().run("INSERT INTO recoveries (token_hash, user_id, expires_at) VALUES (?, ?, ?)", r.token_hash, r.user_id,
                   r.expires_at);
}

std::optional<RecoveryRow> SqliteStore::recovery(const std::string& token_hash) {
  auto st = connection().query("SELECT token_hash, user_id, expires_at FROM recoveries WHERE token_hash = ?", token_hash);
  if (!st->step()) return std::nullopt;
  return RecoveryRow{st->text(0), st->text(1), st->integer(2)};
}

void SqliteStore::delete_recoveries_of(const std::string& user_id) {
  connection().run("DELETE FROM recoveries WHERE user_id = ?", user_id);
}

// ---- history --------------------------------------------------------------------------

void SqliteStore::insert_visit(const std::string& user_id, const std::string& path, std::int64_t at) {
  connection().run("INSERT INTO visits (user_id, path, at) VALUES (?, ?, ?)", user_id, path, at);
}

void SqliteStore::purge_visits(std::int64_t older_than) {
  connection().run("DELETE FROM visits WHERE at < ?", older_than);
}

std::vector<VisitRow> SqliteStore::visits(const std::string& user_id, std::int64_t since, std::size_t limit) {
  std::vector<VisitRow> out;
  auto st = connection().query(
      "SELECT path, at FROM visits WHERE user_id = ? AND at >= ? ORDER BY at DESC, id DESC LIMIT ?", user_id, since,
      limit);
  while (st->step()) out.push_back({st->text(0), st->integer(1)});
  return out;
}

// ---- audit ----------------------------------------------------------------------------

void SqliteStore::append_audit(const AuditRow& r) {
  connection().run("INSERT INTO audit (at, actor_id, action, target_id, before, after) VALUES (?, ?, ?, ?, ?, ?)", r.at,
                   r.actor_id, r.action, r.target_id, r.before, r.after);
}

std::vector<AuditRow> SqliteStore::audit(const AuditQuery& q) {
  std::vector<AuditRow> out;
  auto st = connection().query(
      "SELECT id, at, actor_id, action, target_id, before, after FROM audit "
      "WHERE (?1 = '' OR actor_id = ?1) AND (?2 = '' OR action = ?2) AND (?3 = '' OR target_id = ?3) "
      "AND (?4 IS NULL OR at >= ?4) AND (?5 IS NULL OR at <= ?5) AND (?6 IS NULL OR id < ?6) "
      "ORDER BY id DESC LIMIT ?7",
      q.actor_id, q.action, q.target_id, q.from, q.to, q.before_id, q.limit);
  while (st->step())
    out.push_back({st->integer(0), st->integer(1), st->text(2), st->text(3), st->text(4), st->text(5), st->text(6)});
  return out;
}

// ---- outbox ---------------------------------------------------------------------------

void SqliteStore::enqueue_mail(const OutboxMessage& m) {
  std::optional<std::string> invitation;
  if (!m.invitation_id.empty()) invitation = m.invitation_id;
  // A Message-ID the caller did not give is made here, once, so retries keep it.
  connection().run(
      "INSERT INTO outbox (to_addr, subject, body, created_at, html, message_id, invitation_id, next_attempt_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, CASE WHEN ?6 = '' THEN lower(hex(randomblob(16))) || '@pcusers.invalid' ELSE ?6 END, "
      "?7, ?4)",
      m.to, m.subject, m.body, m.created_at, m.html, m.message_id, invitation);
}

std::vector<OutboxMessage> SqliteStore::claim_mail(std::int64_t now, std::int64_t lease_seconds, std::size_t limit) {
  std::vector<OutboxMessage> out;
  auto st = connection().query(
      // Each branch walks its partial index in order and stops at the limit: no scan of the queue.
      "UPDATE outbox SET state = 'sending', claimed_at = ?1 WHERE id IN ("
      "SELECT id FROM (SELECT id FROM outbox WHERE state = 'sending' AND claimed_at <= ?1 - ?2 "
      "ORDER BY claimed_at LIMIT ?3) "
      "UNION ALL SELECT id FROM (SELECT id FROM outbox WHERE state = 'queued' AND next_attempt_at <= ?1 "
      "ORDER BY next_attempt_at, id LIMIT ?3) LIMIT ?3) "
      "RETURNING id, to_addr, subject, body, created_at, html, message_id, coalesce(invitation_id, ''), attempts",
      now, lease_seconds, limit);
  while (st->step()) {
    OutboxMessage m{st->integer(0), st->text(1), st->text(2), st->text(3), st->integer(4),
                    st->text(5),    st->text(6), st->text(7), static_cast<int>(st->integer(8))};
    out.push_back(std::move(m));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  return out;
}

void SqliteStore::record_mail_attempt(std::int64_t id, std::int64_t at, MailState state, const std::string& reply,
                                      std::int64_t next_attempt_at) {
  Connection& c = connection();
  const std::string outcome = state == MailState::sent ? "sent" : state == MailState::failed ? "failed" : "retry";
  c.run("INSERT INTO mail_attempts (outbox_id, at, outcome, reply) VALUES (?, ?, ?, ?)", id, at, outcome, reply);
  const std::string name(mail_state_names[static_cast<int>(state)]);
  // A message's body holds its link (a bearer secret: the token is stored elsewhere only as
  // a hash): it is kept only while the message may still be sent.
  if (state == MailState::sent)
    c.run("UPDATE outbox SET state = 'sent', attempts = attempts + 1, delivered_at = ?2, claimed_at = NULL, "
          "body = '', html = '' WHERE id = ?1",
          id, at);
  else
    c.run("UPDATE outbox SET state = ?2, attempts = attempts + 1, last_error = ?3, next_attempt_at = ?4, "
          "claimed_at = NULL, body = iif(?2 = 'failed', '', body), html = iif(?2 = 'failed', '', html) WHERE id = ?1",
          id, name, reply, next_attempt_at);
}

std::optional<MailDelivery> SqliteStore::invitation_delivery(const std::string& invitation_id) {
  auto st = connection().query(
      "SELECT id, state, attempts, last_error, delivered_at, next_attempt_at, message_id FROM outbox "
      "WHERE invitation_id = ? ORDER BY id DESC LIMIT 1",
      invitation_id);
  if (!st->step()) return std::nullopt;
  MailDelivery d;
  d.outbox_id = st->integer(0);
  const auto state = st->text(1);
  for (int i = 0; i < 4; ++i)
    if (state == mail_state_names[i]) d.state = static_cast<MailState>(i);
  d.attempts = static_cast<int>(st->integer(2));
  d.last_error = st->text(3);
  if (!st->null(4)) d.sent_at = st->integer(4);
  if (d.state == MailState::queued) d.next_attempt_at = st->integer(5);
  d.message_id = st->text(6);
  return d;
}

}  // namespace pcu::server
