// pg_store.cpp: PgStore. The SQL is SqliteStore's, translated: $n parameters with casts where
// PostgreSQL cannot infer a type, coalesce for ifnull, gen_random_uuid for randomblob.
//
// Sections: connection and statements · transactions · account and tenants · directory
//           · account users · groups · products · sessions · invitations · history · audit · outbox
#include "pg_store.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <unordered_map>

#include <pcu/json.hpp>

#include "pg_schema.hpp"

namespace pcu::server {

// ---- connection and statements --------------------------------------------------------

namespace {

constexpr std::int64_t migrate_lock_key = 0x7063757365727302;  // schema migrations at start

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// A parameter in text format; nullopt is SQL NULL.
using Param = std::optional<std::string>;
Param param(const std::string& v) { return v; }
Param param(std::string_view v) { return std::string(v); }
Param param(std::int64_t v) { return std::to_string(v); }
Param param(int v) { return std::to_string(v); }
Param param(std::size_t v) { return std::to_string(v); }
Param param(bool v) { return std::string(v ? "true" : "false"); }
template <typename T>
Param param(const std::optional<T>& v) {
  return v ? param(*v) : std::nullopt;
}

// A query's result; rows are read by index, columns as text.
class Result {
 public:
  explicit Result(PGresult* r) : r_(r, PQclear) {}
  int rows() const { return PQntuples(r_.get()); }
  std::string text(int row, int col) const {
    return std::string(PQgetvalue(r_.get(), row, col), static_cast<std::size_t>(PQgetlength(r_.get(), row, col)));
  }
  std::int64_t integer(int row, int col) const { return std::strtoll(PQgetvalue(r_.get(), row, col), nullptr, 10); }
  bool flag(int row, int col) const { return PQgetvalue(r_.get(), row, col)[0] == 't'; }
  bool null(int row, int col) const { return PQgetisnull(r_.get(), row, col) != 0; }
  std::int64_t affected() const { return std::strtoll(PQcmdTuples(r_.get()), nullptr, 10); }

 private:
  std::unique_ptr<PGresult, void (*)(PGresult*)> r_;
};

// One row of a Result, with a column offset (joined rows are read in parts).
struct Row {
  const Result& r;
  int row;
  int o = 0;
  std::string text(int col) const { return r.text(row, o + col); }
  std::int64_t integer(int col) const { return r.integer(row, o + col); }
  bool flag(int col) const { return r.flag(row, o + col); }
  bool null(int col) const { return r.null(row, o + col); }
};

// A failed statement: integrity violations (SQLSTATE class 23, e.g. 23505 unique_violation)
// are conflicts, as SQLite's constraint errors are; anything else is a failure.
[[noreturn]] void fail(const PGresult* r, PGconn* conn, std::string_view what) {
  const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  std::string message = std::string(what) + ": " + (r ? PQresultErrorMessage(r) : PQerrorMessage(conn));
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  if (state && state[0] == '2' && state[1] == '3') throw StoreConflict(message);
  throw std::runtime_error(message);
}

std::atomic<std::uint64_t> next_instance{1};

constexpr const char* begin_snapshot = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";

}  // namespace

class PgStore::Connection {
 public:
  explicit Connection(const std::string& url) : conn_(PQconnectdb(url.c_str())) {
    if (PQstatus(conn_) != CONNECTION_OK) {
      std::string message = "cannot connect to PostgreSQL: " + std::string(PQerrorMessage(conn_));
      PQfinish(conn_);
      throw std::runtime_error(message);
    }
    configure();
  }
  ~Connection() { PQfinish(conn_); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // One or more statements without parameters (migrations, BEGIN, COMMIT).
  void exec(const char* sql) { check(PQexec(conn_, sql), "exec"); }

  // `sql` must outlive the connection (a literal or a static table): its address keys the
  // prepared statements.
  template <typename... Args>
  Result query(const char* sql, const Args&... args) {
    return run_params(sql, {param(args)...});
  }
  template <typename... Args>
  void run(const char* sql, const Args&... args) {
    query(sql, args...);
  }
  template <typename... Args>
  std::optional<std::int64_t> scalar(const char* sql, const Args&... args) {
    const Result r = query(sql, args...);
    if (r.rows() == 0 || r.null(0, 0)) return std::nullopt;
    return r.integer(0, 0);
  }

  Result run_params(const char* sql, const std::vector<Param>& params) {
    auto [it, fresh] = prepared_.try_emplace(sql);
    if (fresh) {
      it->second = "pcu" + std::to_string(prepared_.size());
      PGresult* r = PQprepare(conn_, it->second.c_str(), sql, 0, nullptr);
      if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        prepared_.erase(it);
        std::unique_ptr<PGresult, void (*)(PGresult*)> hold(r, PQclear);
        fail(r, conn_, "prepare");
      }
      PQclear(r);
    }
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
    return check(PQexecPrepared(conn_, it->second.c_str(), static_cast<int>(values.size()), values.data(), nullptr,
                                nullptr, 0),
                 "query");
  }

  // A connection the server closed (restart, idle timeout) is opened again between
  // transactions; its prepared statements went with it.
  void revive() {
    if (PQstatus(conn_) == CONNECTION_OK) return;
    PQreset(conn_);
    prepared_.clear();
    if (PQstatus(conn_) != CONNECTION_OK)
      throw std::runtime_error("PostgreSQL connection lost: " + std::string(PQerrorMessage(conn_)));
    configure();
  }
  bool in_failed_transaction() const { return PQtransactionStatus(conn_) == PQTRANS_INERROR; }
  void rollback() { PQclear(PQexec(conn_, "ROLLBACK")); }

  int depth = 0;         // write transaction nesting
  bool reading = false;  // inside read(): a REPEATABLE READ READ ONLY transaction is open

 private:
  // Every query here reads or writes a few rows by index: parallel workers cost more to start
  // (tens of milliseconds) than the query, and a generic plan of a page query may pick them.
  void configure() { exec("SET client_min_messages = warning; SET max_parallel_workers_per_gather = 0"); }

  Result check(PGresult* r, std::string_view what) {
    const auto status = PQresultStatus(r);
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return Result(r);
    std::unique_ptr<PGresult, void (*)(PGresult*)> hold(r, PQclear);
    fail(r, conn_, what);
  }

  PGconn* conn_;
  std::unordered_map<const char*, std::string> prepared_;
};

PgStore::PgStore(std::string url) : url_(std::move(url)), instance_(next_instance++) {
  Connection& c = connection();
  // Instances starting together migrate one after the other; the later ones find nothing to do.
  c.run("SELECT pg_advisory_lock($1::bigint)", migrate_lock_key);
  try {
    c.exec(std::string(pg_schema::bootstrap).c_str());
    const auto have = c.scalar("SELECT version FROM schema_version WHERE id = 1").value_or(0);
    for (const auto& m : pg_schema::migrations) {
      if (m.version <= have) continue;
      transaction([&] {
        c.exec(std::string(m.sql).c_str());
        c.run("UPDATE schema_version SET version = $1::integer WHERE id = 1", m.version);
      });
    }
  } catch (...) {
    c.run("SELECT pg_advisory_unlock($1::bigint)", migrate_lock_key);
    throw;
  }
  c.run("SELECT pg_advisory_unlock($1::bigint)", migrate_lock_key);
}

PgStore::~PgStore() = default;

PgStore::Connection& PgStore::connection() {
  // One connection per thread and store, as SqliteStore: the server's thread pool is the pool.
  thread_local std::unordered_map<std::uint64_t, std::unique_ptr<Connection>> connections;
  auto& c = connections[instance_];
  if (!c) c = std::make_unique<Connection>(url_);
  else if (c->depth == 0 && !c->reading) c->revive();
  return *c;
}

// ---- transactions ---------------------------------------------------------------------

void PgStore::transaction(const std::function<void()>& body) {
  Connection& c = connection();
  if (c.depth > 0) {
    ++c.depth;
    try {
      body();
    } catch (...) {
      --c.depth;
      throw;
    }
    --c.depth;
    return;
  }
  // A write inside read(): the snapshot ends here (it is read-only and could not show this
  // write), and a new one starts after the commit, as on SQLite.
  const bool resume_reading = c.reading;
  if (resume_reading) {
    c.reading = false;
    c.exec("COMMIT");
  }
  const auto resume = [&] {
    if (!resume_reading) return;
    c.exec(begin_snapshot);
    c.reading = true;
  };
  c.exec("BEGIN");
  c.depth = 1;
  try {
    // The first statement: later statements' snapshots are taken after the lock is held, so
    // they see every transaction committed before (READ COMMITTED).
    c.run("SELECT pg_advisory_xact_lock($1::bigint)", pg_write_lock_key);
    body();
    if (c.in_failed_transaction()) throw std::runtime_error("a statement failed inside the transaction");
    c.exec("COMMIT");
    c.depth = 0;
  } catch (...) {
    c.depth = 0;
    c.rollback();
    resume();
    throw;
  }
  resume();
}

// One snapshot for every statement of `body` (REPEATABLE READ): a page's rows and its total,
// or a session and the user it names, agree with each other even while another instance
// writes. READ ONLY, so a write that did not go through transaction() fails loudly.
void PgStore::read(const std::function<void()>& body) {
  Connection& c = connection();
  if (c.depth > 0 || c.reading) return body();
  c.exec(begin_snapshot);
  c.reading = true;
  try {
    body();
  } catch (...) {
    if (c.reading) c.rollback();
    c.reading = false;
    throw;
  }
  if (c.reading) {
    c.reading = false;
    c.exec("COMMIT");
  }
}

// ---- account and tenants --------------------------------------------------------------

namespace {
std::string access_text(const pcu::Access& a) { return pcu::access_to_json(a).dump(); }
pcu::Access access_of(const std::string& text) {
  pcu::Access a;
  pcu::Problems problems;
  auto j = pcu::json::parse(text, nullptr, false);
  if (!j.is_discarded()) pcu::read(j, a, problems);
  return a;
}
std::string status_name(pcu::UserStatus s) { return std::string(pcu::name_of(s)); }
}  // namespace

bool PgStore::initialized() { return connection().scalar("SELECT count(*) FROM account").value_or(0) > 0; }

void PgStore::create_account(const std::string& name, const std::string& owner_id, std::int64_t now) {
  connection().run("INSERT INTO account (id, name, owner_id, created_at) VALUES (1, $1, $2, $3)", name, owner_id, now);
}

std::string PgStore::owner_id() {
  const Result r = connection().query("SELECT owner_id FROM account WHERE id = 1");
  return r.rows() ? r.text(0, 0) : std::string();
}

void PgStore::insert_tenant(const TenantRow& t) {
  Connection& c = connection();
  c.run("INSERT INTO tenants (id, name) VALUES ($1, $2)", t.id, t.name);
  for (const auto& d : t.domains)
    c.run("INSERT INTO tenant_domains (tenant_id, domain) VALUES ($1, $2)", t.id, lower(d));
}

namespace {
void read_domains(PgStore::Connection& c, TenantRow& t) {
  const Result r = c.query("SELECT domain FROM tenant_domains WHERE tenant_id = $1 ORDER BY domain", t.id);
  for (int i = 0; i < r.rows(); ++i) t.domains.push_back(r.text(i, 0));
}
}  // namespace

std::vector<TenantRow> PgStore::tenants() {
  std::vector<TenantRow> out;
  Connection& c = connection();
  const Result r = c.query("SELECT id, name FROM tenants ORDER BY name, id");
  for (int i = 0; i < r.rows(); ++i) out.push_back({r.text(i, 0), r.text(i, 1), {}});
  for (auto& t : out) read_domains(c, t);
  return out;
}

std::optional<TenantRow> PgStore::tenant(const std::string& id) {
  Connection& c = connection();
  const Result r = c.query("SELECT id, name FROM tenants WHERE id = $1", id);
  if (!r.rows()) return std::nullopt;
  TenantRow t{r.text(0, 0), r.text(0, 1), {}};
  read_domains(c, t);
  return t;
}

bool PgStore::domain_verified(const std::string& tenant_id, std::string_view domain) {
  return connection()
      .scalar("SELECT 1 FROM tenant_domains WHERE tenant_id = $1 AND domain = $2", tenant_id, lower(domain))
      .has_value();
}

// ---- directory ------------------------------------------------------------------------

namespace {
#define PCU_PG_DIRECTORY_COLUMNS                                                                       \
  "d.id, d.tenant_id, d.first_name, d.last_name, d.username, d.recovery_email, d.type, d.global_admin, " \
  "d.password_hash, d.must_change_password, d.created_at"
constexpr int directory_column_count = 11;
#define PCU_PG_ACCOUNT_COLUMNS "a.user_id, a.owner, a.status, a.access, a.version, a.added_at, a.last_activity"

DirectoryUserRow read_directory(const Row& st) {
  DirectoryUserRow u;
  u.id = st.text(0);
  u.tenant_id = st.text(1);
  u.first_name = st.text(2);
  u.last_name = st.text(3);
  u.username = st.text(4);
  u.recovery_email = st.text(5);
  u.type = pcu::user_type_from_name(st.text(6)).value_or(pcu::UserType::member);
  u.global_admin = st.flag(7);
  u.password_hash = st.text(8);
  u.must_change_password = st.flag(9);
  u.created_at = st.integer(10);
  return u;
}

// `parse_access` false keeps the stored JSON in access_text instead (lists answer it as is).
std::optional<AccountUserRow> read_account(const Row& st, bool parse_access = true) {
  if (st.null(0)) return std::nullopt;
  AccountUserRow a;
  a.user_id = st.text(0);
  a.owner = st.flag(1);
  a.status = pcu::user_status_from_name(st.text(2)).value_or(pcu::UserStatus::disabled);
  if (parse_access) a.access = access_of(st.text(3));
  else a.access_text = st.text(3);
  a.version = st.integer(4);
  a.added_at = st.integer(5);
  if (!st.null(6)) a.last_activity = st.integer(6);
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

void PgStore::insert_directory_user(const DirectoryUserRow& u) {
  connection().run(
      "INSERT INTO directory_users (id, tenant_id, first_name, last_name, username, username_key, recovery_email, "
      "recovery_key, type, global_admin, password_hash, must_change_password, created_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
      u.id, u.tenant_id, u.first_name, u.last_name, u.username, lower(u.username), u.recovery_email,
      lower(u.recovery_email), std::string(pcu::name_of(u.type)), u.global_admin, u.password_hash,
      u.must_change_password, u.created_at);
}

void PgStore::update_directory_user(const DirectoryUserRow& u) {
  Connection& c = connection();
  c.run("UPDATE directory_users SET first_name = $1, last_name = $2, username = $3, username_key = $4, "
        "recovery_email = $5, recovery_key = $6, type = $7, global_admin = $8 WHERE id = $9",
        u.first_name, u.last_name, u.username, lower(u.username), u.recovery_email, lower(u.recovery_email),
        std::string(pcu::name_of(u.type)), u.global_admin, u.id);
  c.run("UPDATE account_users SET sort_key = $1, name_key = $2, type = $3, first_name = $4, last_name = $5, "
        "username = $6, global_admin = $7 WHERE user_id = $8",
        lower(u.username), lower(u.first_name + " " + u.last_name), std::string(pcu::name_of(u.type)), u.first_name,
        u.last_name, u.username, u.global_admin, u.id);
}

std::optional<DirectoryUserRow> PgStore::directory_user(const std::string& id) {
  const Result r = connection().query("SELECT " PCU_PG_DIRECTORY_COLUMNS " FROM directory_users d WHERE d.id = $1", id);
  if (!r.rows()) return std::nullopt;
  return read_directory({r, 0});
}

std::optional<DirectoryUserRow> PgStore::directory_user_by_username(std::string_view username) {
  const Result r = connection().query("SELECT " PCU_PG_DIRECTORY_COLUMNS
                                      " FROM directory_users d LEFT JOIN account_users a ON a.user_id = d.id "
                                      "WHERE d.username_key = $1 ORDER BY a.user_id IS NULL, d.id LIMIT 1",
                                      lower(username));
  if (!r.rows()) return std::nullopt;
  return read_directory({r, 0});
}

std::optional<DirectoryUserRow> PgStore::directory_user_in_tenant(const std::string& tenant_id,
                                                                  std::string_view username) {
  const Result r = connection().query("SELECT " PCU_PG_DIRECTORY_COLUMNS
                                      " FROM directory_users d WHERE d.tenant_id = $1 AND d.username_key = $2",
                                      tenant_id, lower(username));
  if (!r.rows()) return std::nullopt;
  return read_directory({r, 0});
}

std::vector<UserRecord> PgStore::search_directory(const DirectoryQuery& q) {
  std::vector<UserRecord> out;
  const Result r = connection().query(
      "SELECT " PCU_PG_DIRECTORY_COLUMNS ", " PCU_PG_ACCOUNT_COLUMNS
      " FROM directory_users d LEFT JOIN account_users a ON a.user_id = d.id "
      "WHERE d.tenant_id = $1 AND ($2::text = '' OR d.username_key LIKE $3 ESCAPE '\\' "
      "OR lower(d.first_name) LIKE $3 ESCAPE '\\' OR lower(d.last_name) LIKE $3 ESCAPE '\\' "
      "OR lower(d.first_name || ' ' || d.last_name) LIKE $3 ESCAPE '\\') "
      "ORDER BY d.username_key, d.id LIMIT $4::bigint",
      q.tenant_id, q.search, like_pattern(q.search), q.limit);
  for (int i = 0; i < r.rows(); ++i)
    out.push_back({read_directory({r, i}), read_account({r, i, directory_column_count}), {}});
  return out;
}

void PgStore::set_password(const std::string& user_id, const std::string& hash, bool must_change) {
  connection().run("UPDATE directory_users SET password_hash = $1, must_change_password = $2 WHERE id = $3", hash,
                   must_change, user_id);
}

// ---- account users --------------------------------------------------------------------

void PgStore::insert_account_user(const AccountUserRow& a) {
  const Result r = connection().query(
      "INSERT INTO account_users (user_id, sort_key, owner, status, access, role_bits, version, added_at, "
      "last_activity, name_key, type, tenant_id, activity_key, first_name, last_name, username, global_admin) "
      "SELECT id, username_key, $2::boolean, $3::text, $4::text, $5::integer, "
      "GREATEST($6::bigint, account_version + 1), $7::bigint, $8::bigint, "
      "lower(first_name || ' ' || last_name), type, tenant_id, coalesce($8::bigint, 0), first_name, last_name, "
      "username, global_admin FROM directory_users WHERE id = $1::text",
      a.user_id, a.owner, status_name(a.status), access_text(a.access), static_cast<int>(a.access.roles.bits),
      a.version, a.added_at, a.last_activity);
  if (r.affected() != 1) throw StoreConflict("no such directory user: " + a.user_id);
}

void PgStore::update_account_user(const AccountUserRow& a) {
  connection().run("UPDATE account_users SET status = $1, access = $2, role_bits = $3, version = $4 WHERE user_id = $5",
                   status_name(a.status), access_text(a.access), static_cast<int>(a.access.roles.bits), a.version,
                   a.user_id);
}

void PgStore::delete_account_user(const std::string& user_id) {
  // The last version stays with the directory user: one added again goes on from it (R-UM13).
  connection().run("UPDATE directory_users SET account_version = "
                   "coalesce((SELECT version FROM account_users WHERE user_id = $1), account_version) WHERE id = $1",
                   user_id);
  connection().run("DELETE FROM account_users WHERE user_id = $1", user_id);
}

namespace {
// The user's groups (by name) and, in the same read, the access of those that grant any (by
// id), so that authorizing the user asks nothing more.
void read_groups(PgStore::Connection& c, UserRecord& rec) {
  const Result r = c.query(
      "SELECT m.group_id, g.access FROM group_members m JOIN user_groups g ON g.id = m.group_id "
      "WHERE m.user_id = $1 ORDER BY g.name_key",
      rec.directory.id);
  auto& access = rec.group_access.emplace();
  for (int i = 0; i < r.rows(); ++i) {
    rec.group_ids.push_back(r.text(i, 0));
    if (!r.null(i, 1)) access.push_back({rec.group_ids.back(), access_of(r.text(i, 1))});
  }
  std::sort(access.begin(), access.end(), [](const auto& x, const auto& y) { return x.id < y.id; });
}
}  // namespace

std::optional<UserRecord> PgStore::user(const std::string& user_id) {
  Connection& c = connection();
  UserRecord rec;
  {
    const Result r = c.query("SELECT " PCU_PG_DIRECTORY_COLUMNS ", " PCU_PG_ACCOUNT_COLUMNS
                             " FROM directory_users d LEFT JOIN account_users a ON a.user_id = d.id WHERE d.id = $1",
                             user_id);
    if (!r.rows()) return std::nullopt;
    rec.directory = read_directory({r, 0});
    rec.account = read_account({r, 0, directory_column_count});
  }
  read_groups(c, rec);
  return rec;
}

namespace {
// The users list's SQL, as SqliteStore's (one form per sort, order, filtering and paging
// mode), with the parameters each form uses numbered in order of first use: PostgreSQL
// refuses to prepare a statement with a parameter it cannot type, so unused ones are left out.
enum class Slot { after_value, after_key, after_id, search, pattern, type, role, status, tenant, limit, offset };

struct UserListSql {
  std::string page, count;
  std::vector<Slot> page_slots, count_slots;
};

struct SqlBuilder {
  std::vector<Slot> slots;
  std::string operator()(Slot s, const char* cast = "") {
    auto it = std::find(slots.begin(), slots.end(), s);
    if (it == slots.end()) it = slots.insert(slots.end(), s);
    return "$" + std::to_string(it - slots.begin() + 1) + cast;
  }
};

std::string filter_sql(SqlBuilder& p) {
  return "(" + p(Slot::search, "::text") + " = '' OR a.name_key LIKE " + p(Slot::pattern, "::text") +
         " ESCAPE '\\' OR a.sort_key LIKE " + p(Slot::pattern) + " ESCAPE '\\') AND (" + p(Slot::type, "::text") +
         " IS NULL OR a.type = " + p(Slot::type) + ") AND (" + p(Slot::role, "::integer") +
         " = 0 OR (a.role_bits & " + p(Slot::role) + ") <> 0) AND (" + p(Slot::status, "::text") +
         " IS NULL OR a.status = " + p(Slot::status) + ") AND (" + p(Slot::tenant, "::text") +
         " = '' OR a.tenant_id = " + p(Slot::tenant) + ")";
}

const UserListSql& user_list_sql(const UserQuery& q) {
  static const std::array<UserListSql, 40> table = [] {
    static constexpr const char* sort_columns[] = {"a.name_key", "a.sort_key", "a.type", "a.status", "a.activity_key"};
    std::array<UserListSql, 40> t;
    for (int sort = 0; sort < 5; ++sort)
      for (int desc = 0; desc < 2; ++desc)
        for (int filtered = 0; filtered < 2; ++filtered)
          for (int offset = 0; offset < 2; ++offset) {
            const std::string primary = sort_columns[sort];
            const bool by_username = sort == static_cast<int>(UserSort::username);
            const bool by_activity = sort == static_cast<int>(UserSort::last_activity);
            const char* dir = desc ? " DESC" : "";
            std::string order = " ORDER BY ";
            if (!by_username) order += primary + dir + ", ";
            order += std::string("a.sort_key") + dir + ", a.user_id" + dir;
            const std::string select =
                "SELECT " PCU_PG_DIRECTORY_COLUMNS ", " PCU_PG_ACCOUNT_COLUMNS ", " + primary + "::text";
            SqlBuilder p;
            std::string page;
            if (offset) {
              page = select + " FROM (SELECT a.user_id AS id FROM account_users a" +
                     (filtered ? " WHERE " + filter_sql(p) : std::string()) + order + " LIMIT " +
                     p(Slot::limit, "::bigint") + " OFFSET " + p(Slot::offset, "::bigint") +
                     ") p JOIN account_users a ON a.user_id = p.id JOIN directory_users d ON d.id = a.user_id" + order;
            } else {
              const std::string keys = by_username ? "a.sort_key, a.user_id" : primary + ", a.sort_key, a.user_id";
              std::string cursor = "(";
              if (!by_username) cursor += p(Slot::after_value, by_activity ? "::bigint" : "::text") + ", ";
              cursor += p(Slot::after_key, "::text") + ", " + p(Slot::after_id, "::text") + ")";
              page = select + " FROM account_users a JOIN directory_users d ON d.id = a.user_id WHERE (" + keys +
                     (desc ? ") < " : ") > ") + cursor + (filtered ? " AND " + filter_sql(p) : std::string()) + order +
                     " LIMIT " + p(Slot::limit, "::bigint");
            }
            auto& entry = t[static_cast<std::size_t>(((sort * 2 + desc) * 2 + filtered) * 2 + offset)];
            entry.page = std::move(page);
            entry.page_slots = std::move(p.slots);
            SqlBuilder c;
            entry.count = filtered ? "SELECT count(*) FROM account_users a WHERE " + filter_sql(c)
                                   : std::string("SELECT n FROM account_user_count WHERE id = 1");
            entry.count_slots = std::move(c.slots);
          }
    return t;
  }();
  const int sort = static_cast<int>(q.sort);
  return table[static_cast<std::size_t>(((sort * 2 + q.descending) * 2 + q.filtered()) * 2 + !q.after)];
}

std::vector<Param> user_list_params(const UserQuery& q, const std::vector<Slot>& slots) {
  std::vector<Param> out;
  for (const Slot s : slots) {
    switch (s) {
      case Slot::after_value:
        // last_activity sorts numbers: a cursor that is not one reads as 0, as in SqliteStore.
        out.push_back(q.sort == UserSort::last_activity ? param(std::int64_t{std::strtoll(q.after_value.c_str(), nullptr, 10)})
                                                        : param(q.after_value));
        break;
      case Slot::after_key: out.push_back(q.after_key); break;
      case Slot::after_id: out.push_back(q.after_id); break;
      case Slot::search: out.push_back(q.search); break;
      case Slot::pattern: out.push_back(like_pattern(q.search)); break;
      case Slot::type: out.push_back(q.type ? Param(std::string(pcu::name_of(*q.type))) : std::nullopt); break;
      case Slot::role: out.push_back(param(q.role ? 1 << static_cast<int>(*q.role) : 0)); break;
      case Slot::status: out.push_back(q.status ? Param(status_name(*q.status)) : std::nullopt); break;
      case Slot::tenant: out.push_back(q.tenant_id); break;
      case Slot::limit: out.push_back(param(q.limit)); break;
      case Slot::offset: out.push_back(param(q.offset)); break;
    }
  }
  return out;
}
}  // namespace

void PgStore::each_user(const UserQuery& q, const std::function<void(const UserListRow&)>& row) {
  const UserListSql& sql = user_list_sql(q);
  const Result r = connection().run_params(sql.page.c_str(), user_list_params(q, sql.page_slots));
  constexpr int value_column = directory_column_count + 7;
  for (int i = 0; i < r.rows(); ++i) {
    const UserRecord u{read_directory({r, i}), read_account({r, i, directory_column_count}, false), {}};
    const std::string sort_value = r.text(i, value_column);
    row(list_row_of(u, u.account ? std::string_view(u.account->access_text) : std::string_view(), sort_value));
  }
}

std::int64_t PgStore::count_users(const UserQuery& q) {
  const UserListSql& sql = user_list_sql(q);
  const Result r = connection().run_params(sql.count.c_str(), user_list_params(q, sql.count_slots));
  return r.rows() && !r.null(0, 0) ? r.integer(0, 0) : 0;
}

bool PgStore::email_in_use(std::string_view email) {
  Connection& c = connection();
  const std::string key = lower(email);
  return c.scalar("SELECT 1 FROM directory_users d JOIN account_users a ON a.user_id = d.id WHERE d.username_key = $1",
                  key) ||
         c.scalar("SELECT 1 FROM directory_users d JOIN account_users a ON a.user_id = d.id "
                  "WHERE d.recovery_key = $1 AND d.recovery_key <> ''",
                  key) ||
         c.scalar("SELECT 1 FROM invitations WHERE email = $1 AND status = 'pending'", key);
}

void PgStore::set_last_activity(const std::string& user_id, std::int64_t at) {
  connection().run("UPDATE account_users SET last_activity = $1, activity_key = $1 WHERE user_id = $2", at, user_id);
}

// ---- groups ---------------------------------------------------------------------------

namespace {
#define PCU_PG_GROUP_COLUMNS "id, tenant_id, display_name, description, access, created_at"
GroupRow read_group(const Row& st) {
  GroupRow g;
  g.id = st.text(0);
  g.tenant_id = st.text(1);
  g.display_name = st.text(2);
  g.description = st.text(3);
  if (!st.null(4)) g.access = access_of(st.text(4));
  g.created_at = st.integer(5);
  return g;
}
void read_members(PgStore::Connection& c, GroupRow& g) {
  const Result r = c.query("SELECT user_id FROM group_members WHERE group_id = $1 ORDER BY user_id", g.id);
  for (int i = 0; i < r.rows(); ++i) g.members.push_back(r.text(i, 0));
}
}  // namespace

void PgStore::insert_group(const GroupRow& g) {
  Connection& c = connection();
  std::optional<std::string> access;
  if (g.access) access = access_text(*g.access);
  c.run("INSERT INTO user_groups (id, tenant_id, display_name, name_key, description, access, created_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7)",
        g.id, g.tenant_id, g.display_name, lower(g.display_name), g.description, access, g.created_at);
  for (const auto& m : g.members)
    c.run("INSERT INTO group_members (group_id, user_id) VALUES ($1, $2)", g.id, m);
}

void PgStore::set_group_access(const std::string& group_id, const std::optional<pcu::Access>& access) {
  std::optional<std::string> text;
  if (access) text = access_text(*access);
  connection().run("UPDATE user_groups SET access = $1 WHERE id = $2", text, group_id);
}

std::vector<GroupRow> PgStore::groups(const std::string& tenant_id) {
  Connection& c = connection();
  std::vector<GroupRow> out;
  const Result r = c.query("SELECT " PCU_PG_GROUP_COLUMNS " FROM user_groups WHERE tenant_id = $1 ORDER BY name_key",
                           tenant_id);
  for (int i = 0; i < r.rows(); ++i) out.push_back(read_group({r, i}));
  for (auto& g : out) read_members(c, g);
  return out;
}

std::optional<GroupRow> PgStore::group(const std::string& id) {
  Connection& c = connection();
  const Result r = c.query("SELECT " PCU_PG_GROUP_COLUMNS " FROM user_groups WHERE id = $1", id);
  if (!r.rows()) return std::nullopt;
  GroupRow g = read_group({r, 0});
  read_members(c, g);
  return g;
}

std::optional<std::string> PgStore::group_id_in_tenant(const std::string& tenant_id, std::string_view key) {
  const Result r = connection().query(
      "SELECT id FROM user_groups WHERE tenant_id = $1 AND (id = $2 OR name_key = $3) ORDER BY id = $2 DESC", tenant_id,
      key, lower(key));
  if (!r.rows()) return std::nullopt;
  return r.text(0, 0);
}

void PgStore::set_user_groups(const std::string& user_id, const std::vector<std::string>& group_ids) {
  Connection& c = connection();
  c.run("DELETE FROM group_members WHERE user_id = $1", user_id);
  for (const auto& g : group_ids)
    c.run("INSERT INTO group_members (group_id, user_id) VALUES ($1, $2)", g, user_id);
}

std::vector<pcu::GroupAccess> PgStore::group_access_of(const std::string& user_id) {
  std::vector<pcu::GroupAccess> out;
  const Result r = connection().query(
      "SELECT g.id, g.access FROM group_members m JOIN user_groups g ON g.id = m.group_id "
      "WHERE m.user_id = $1 AND g.access IS NOT NULL ORDER BY g.id",
      user_id);
  for (int i = 0; i < r.rows(); ++i) out.push_back({r.text(i, 0), access_of(r.text(i, 1))});
  return out;
}

// ---- products -------------------------------------------------------------------------

void PgStore::insert_product(const ProductRecord& p) {
  connection().run("INSERT INTO products (id, name) VALUES ($1, $2)", p.id, p.name);
}

std::vector<ProductRecord> PgStore::products() {
  std::vector<ProductRecord> out;
  const Result r = connection().query("SELECT id, name FROM products ORDER BY id");
  for (int i = 0; i < r.rows(); ++i) out.push_back({r.text(i, 0), r.text(i, 1)});
  return out;
}

// ---- sessions -------------------------------------------------------------------------

void PgStore::insert_session(const SessionRow& s) {
  connection().run("INSERT INTO sessions (token_hash, user_id, csrf_token, acting_tenant, created_at, expires_at) "
                   "VALUES ($1, $2, $3, $4, $5, $6)",
                   s.token_hash, s.user_id, s.csrf_token, s.acting_tenant, s.created_at, s.expires_at);
}

std::optional<SessionRow> PgStore::session(const std::string& token_hash) {
  const Result r = connection().query(
      "SELECT token_hash, user_id, csrf_token, acting_tenant, created_at, expires_at FROM sessions "
      "WHERE token_hash = $1",
      token_hash);
  if (!r.rows()) return std::nullopt;
  return SessionRow{r.text(0, 0), r.text(0, 1), r.text(0, 2), r.text(0, 3), r.integer(0, 4), r.integer(0, 5)};
}

std::optional<Store::SignedIn> PgStore::session_user(const std::string& token_hash) {
  Connection& c = connection();
  SignedIn out;
  {
    const Result r = c.query("SELECT s.token_hash, s.user_id, s.csrf_token, s.acting_tenant, s.created_at, "
                             "s.expires_at, " PCU_PG_DIRECTORY_COLUMNS ", " PCU_PG_ACCOUNT_COLUMNS
                             " FROM sessions s JOIN directory_users d ON d.id = s.user_id "
                             "LEFT JOIN account_users a ON a.user_id = d.id WHERE s.token_hash = $1",
                             token_hash);
    if (!r.rows()) return std::nullopt;
    out.session = {r.text(0, 0), r.text(0, 1), r.text(0, 2), r.text(0, 3), r.integer(0, 4), r.integer(0, 5)};
    out.user.directory = read_directory({r, 0, 6});
    out.user.account = read_account({r, 0, 6 + directory_column_count});
  }
  read_groups(c, out.user);
  return out;
}

void PgStore::delete_session(const std::string& token_hash) {
  connection().run("DELETE FROM sessions WHERE token_hash = $1", token_hash);
}

void PgStore::delete_sessions_of(const std::string& user_id) {
  connection().run("DELETE FROM sessions WHERE user_id = $1", user_id);
}

void PgStore::set_acting_tenant(const std::string& token_hash, const std::string& tenant_id) {
  connection().run("UPDATE sessions SET acting_tenant = $1 WHERE token_hash = $2", tenant_id, token_hash);
}

void PgStore::purge_sessions(std::int64_t now) {
  connection().run("DELETE FROM sessions WHERE expires_at <= $1", now);
}

SignInFailures PgStore::sign_in_failures(const std::string& key) {
  const Result r =
      connection().query("SELECT count, last_at, locked_until FROM sign_in_failures WHERE username_key = $1", key);
  if (!r.rows()) return {};
  return {static_cast<int>(r.integer(0, 0)), r.integer(0, 1), r.integer(0, 2)};
}

void PgStore::set_sign_in_failures(const std::string& key, const SignInFailures& f) {
  connection().run("INSERT INTO sign_in_failures (username_key, count, last_at, locked_until) VALUES ($1, $2, $3, $4) "
                   "ON CONFLICT (username_key) DO UPDATE SET count = EXCLUDED.count, last_at = EXCLUDED.last_at, "
                   "locked_until = EXCLUDED.locked_until",
                   key, f.count, f.last_at, f.locked_until);
}

void PgStore::clear_sign_in_failures(const std::string& key) {
  connection().run("DELETE FROM sign_in_failures WHERE username_key = $1", key);
}

// ---- invitations ----------------------------------------------------------------------

namespace {
#define PCU_PG_INVITATION_COLUMNS \
  "id, user_id, tenant_id, email, display_name, status, token_hash, invited_by, created_at, expires_at, last_sent_at"
InvitationRow read_invitation(const Row& st) {
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
std::optional<InvitationRow> first_invitation(const Result& r) {
  if (!r.rows()) return std::nullopt;
  return read_invitation({r, 0});
}
}  // namespace

void PgStore::insert_invitation(const InvitationRow& r) {
  connection().run("INSERT INTO invitations (" PCU_PG_INVITATION_COLUMNS
                   ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                   r.id, r.user_id, r.tenant_id, lower(r.email), r.display_name, status_text(r.status), r.token_hash,
                   r.invited_by, r.created_at, r.expires_at, r.last_sent_at);
}

void PgStore::update_invitation(const InvitationRow& r) {
  connection().run(
      "UPDATE invitations SET status = $1, token_hash = $2, expires_at = $3, last_sent_at = $4 WHERE id = $5",
      status_text(r.status), r.token_hash, r.expires_at, r.last_sent_at, r.id);
}

std::optional<InvitationRow> PgStore::invitation(const std::string& id) {
  return first_invitation(
      connection().query("SELECT " PCU_PG_INVITATION_COLUMNS " FROM invitations WHERE id = $1", id));
}

std::optional<InvitationRow> PgStore::invitation_by_token(const std::string& token_hash) {
  return first_invitation(
      connection().query("SELECT " PCU_PG_INVITATION_COLUMNS " FROM invitations WHERE token_hash = $1", token_hash));
}

std::optional<InvitationRow> PgStore::pending_invitation_of(const std::string& user_id) {
  return first_invitation(connection().query(
      "SELECT " PCU_PG_INVITATION_COLUMNS " FROM invitations WHERE user_id = $1 AND status = 'pending'", user_id));
}

std::vector<InvitationRow> PgStore::invitations(const std::string& tenant_id, std::optional<InvitationStatus> status,
                                                std::size_t limit) {
  std::vector<InvitationRow> out;
  std::optional<std::string> s;
  if (status) s = status_text(*status);
  const Result r = connection().query("SELECT " PCU_PG_INVITATION_COLUMNS " FROM invitations WHERE tenant_id = $1 "
                                      "AND ($2::text IS NULL OR status = $2) ORDER BY created_at DESC, id LIMIT $3",
                                      tenant_id, s, limit);
  for (int i = 0; i < r.rows(); ++i) out.push_back(read_invitation({r, i}));
  return out;
}

void PgStore::insert_recovery(const RecoveryRow& r) {
  connection().run("INSERT INTO recoveries (token_hash, user_id, expires_at) VALUES ($1, $2, $3)", r.token_hash,
                   r.user_id, r.expires_at);
}

std::optional<RecoveryRow> PgStore::recovery(const std::string& token_hash) {
  const Result r =
      connection().query("SELECT token_hash, user_id, expires_at FROM recoveries WHERE token_hash = $1", token_hash);
  if (!r.rows()) return std::nullopt;
  return RecoveryRow{r.text(0, 0), r.text(0, 1), r.integer(0, 2)};
}

void PgStore::delete_recoveries_of(const std::string& user_id) {
  connection().run("DELETE FROM recoveries WHERE user_id = $1", user_id);
}

// ---- history --------------------------------------------------------------------------

void PgStore::insert_visit(const std::string& user_id, const std::string& path, std::int64_t at) {
  connection().run("INSERT INTO visits (user_id, path, at) VALUES ($1, $2, $3)", user_id, path, at);
}

// Idempotent: instances purging at once each delete what is left (row locks make the later
// DELETE skip the rows the first removed), so every old visit is deleted exactly once.
void PgStore::purge_visits(std::int64_t older_than) {
  connection().run("DELETE FROM visits WHERE at < $1", older_than);
}

std::vector<VisitRow> PgStore::visits(const std::string& user_id, std::int64_t since, std::size_t limit) {
  std::vector<VisitRow> out;
  const Result r = connection().query(
      "SELECT path, at FROM visits WHERE user_id = $1 AND at >= $2 ORDER BY at DESC, id DESC LIMIT $3", user_id, since,
      limit);
  for (int i = 0; i < r.rows(); ++i) out.push_back({r.text(i, 0), r.integer(i, 1)});
  return out;
}

// ---- audit ----------------------------------------------------------------------------

void PgStore::append_audit(const AuditRow& r) {
  connection().run("INSERT INTO audit (at, actor_id, action, target_id, before, after) VALUES ($1, $2, $3, $4, $5, $6)",
                   r.at, r.actor_id, r.action, r.target_id, r.before, r.after);
}

std::vector<AuditRow> PgStore::audit(const AuditQuery& q) {
  std::vector<AuditRow> out;
  const Result r = connection().query(
      "SELECT id, at, actor_id, action, target_id, before, after FROM audit "
      "WHERE ($1::text = '' OR actor_id = $1) AND ($2::text = '' OR action = $2) AND ($3::text = '' OR target_id = $3) "
      "AND ($4::bigint IS NULL OR at >= $4) AND ($5::bigint IS NULL OR at <= $5) AND ($6::bigint IS NULL OR id < $6) "
      "ORDER BY id DESC LIMIT $7",
      q.actor_id, q.action, q.target_id, q.from, q.to, q.before_id, q.limit);
  for (int i = 0; i < r.rows(); ++i)
    out.push_back({r.integer(i, 0), r.integer(i, 1), r.text(i, 2), r.text(i, 3), r.text(i, 4), r.text(i, 5),
                   r.text(i, 6)});
  return out;
}

// ---- outbox ---------------------------------------------------------------------------

void PgStore::enqueue_mail(const OutboxMessage& m) {
  std::optional<std::string> invitation;
  if (!m.invitation_id.empty()) invitation = m.invitation_id;
  // A Message-ID the caller did not give is made here, once, so retries keep it.
  connection().run(
      "INSERT INTO outbox (to_addr, subject, body, created_at, html, message_id, invitation_id, next_attempt_at) "
      "VALUES ($1, $2, $3, $4, $5, CASE WHEN $6::text = '' THEN replace(gen_random_uuid()::text, '-', '') || "
      "'@pcusers.invalid' ELSE $6 END, $7, $4)",
      m.to, m.subject, m.body, m.created_at, m.html, m.message_id, invitation);
}

std::vector<OutboxMessage> PgStore::claim_mail(std::int64_t now, std::int64_t lease_seconds, std::size_t limit) {
  std::vector<OutboxMessage> out;
  // Rows another worker (of any instance) is claiming are skipped, not waited for: each
  // message goes to one worker.
  const Result r = connection().query(
      "WITH stale AS (SELECT id FROM outbox WHERE state = 'sending' AND claimed_at <= $1::bigint - $2::bigint "
      "ORDER BY claimed_at LIMIT $3::bigint FOR UPDATE SKIP LOCKED), "
      "due AS (SELECT id FROM outbox WHERE state = 'queued' AND next_attempt_at <= $1::bigint "
      "ORDER BY next_attempt_at, id LIMIT $3::bigint FOR UPDATE SKIP LOCKED), "
      "picked AS (SELECT id FROM stale UNION ALL SELECT id FROM due LIMIT $3::bigint) "
      "UPDATE outbox o SET state = 'sending', claimed_at = $1::bigint FROM picked WHERE o.id = picked.id "
      "RETURNING o.id, o.to_addr, o.subject, o.body, o.created_at, o.html, o.message_id, "
      "coalesce(o.invitation_id, ''), o.attempts",
      now, lease_seconds, limit);
  for (int i = 0; i < r.rows(); ++i)
    out.push_back({r.integer(i, 0), r.text(i, 1), r.text(i, 2), r.text(i, 3), r.integer(i, 4), r.text(i, 5),
                   r.text(i, 6), r.text(i, 7), static_cast<int>(r.integer(i, 8))});
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  return out;
}

void PgStore::record_mail_attempt(std::int64_t id, std::int64_t at, MailState state, const std::string& reply,
                                  std::int64_t next_attempt_at) {
  Connection& c = connection();
  const std::string outcome = state == MailState::sent ? "sent" : state == MailState::failed ? "failed" : "retry";
  c.run("INSERT INTO mail_attempts (outbox_id, at, outcome, reply) VALUES ($1, $2, $3, $4)", id, at, outcome, reply);
  const std::string name(mail_state_names[static_cast<int>(state)]);
  // A message's body holds its link (a bearer secret): kept only while it may still be sent.
  if (state == MailState::sent)
    c.run("UPDATE outbox SET state = 'sent', attempts = attempts + 1, delivered_at = $2, claimed_at = NULL, "
          "body = '', html = '' WHERE id = $1",
          id, at);
  else
    c.run("UPDATE outbox SET state = $2, attempts = attempts + 1, last_error = $3, next_attempt_at = $4, "
          "claimed_at = NULL, body = CASE WHEN $2 = 'failed' THEN '' ELSE body END, "
          "html = CASE WHEN $2 = 'failed' THEN '' ELSE html END WHERE id = $1",
          id, name, reply, next_attempt_at);
}

std::optional<MailDelivery> PgStore::invitation_delivery(const std::string& invitation_id) {
  const Result r = connection().query(
      "SELECT id, state, attempts, last_error, delivered_at, next_attempt_at, message_id FROM outbox "
      "WHERE invitation_id = $1 ORDER BY id DESC LIMIT 1",
      invitation_id);
  if (!r.rows()) return std::nullopt;
  MailDelivery d;
  d.outbox_id = r.integer(0, 0);
  const auto state = r.text(0, 1);
  for (int i = 0; i < 4; ++i)
    if (state == mail_state_names[i]) d.state = static_cast<MailState>(i);
  d.attempts = static_cast<int>(r.integer(0, 2));
  d.last_error = r.text(0, 3);
  if (!r.null(0, 4)) d.sent_at = r.integer(0, 4);
  if (d.state == MailState::queued) d.next_attempt_at = r.integer(0, 5);
  d.message_id = r.text(0, 6);
  return d;
}

}  // namespace pcu::server
