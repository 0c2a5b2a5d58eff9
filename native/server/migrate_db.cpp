// migrate_db.cpp: the copy from SQLite to PostgreSQL. Both schemas are brought to their
// latest migration first (they have the same tables and columns), so rows go over column by
// column as text; PostgreSQL parses each into its column's type (0/1 into BOOLEAN too).
#include "migrate_db.hpp"

#include <libpq-fe.h>
#include <sqlite3.h>

#include <array>
#include <cstdio>
#include <memory>
#include <optional>
#include <stdexcept>
#include <vector>

#include "pg_store.hpp"
#include "sqlite_store.hpp"
#include "server_options.hpp"

namespace pcu::server {

namespace {

// Parents before children (foreign keys). account_user_count is kept by PostgreSQL's triggers.
constexpr std::array<const char*, 16> tables = {
    "account",  "tenants",         "tenant_domains", "directory_users", "account_users", "user_groups",
    "group_members", "products",   "sessions",       "sign_in_failures", "invitations",  "recoveries",
    "visits",   "audit",           "outbox",         "mail_attempts"};
// Tables whose id is an identity column: its sequence continues after the copied ids.
constexpr std::array<const char*, 4> identity_tables = {"visits", "audit", "outbox", "mail_attempts"};

using Sqlite = std::unique_ptr<sqlite3, int (*)(sqlite3*)>;
using Statement = std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)>;
using Pg = std::unique_ptr<PGconn, void (*)(PGconn*)>;
using PgResult = std::unique_ptr<PGresult, void (*)(PGresult*)>;

Statement prepare(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK)
    throw std::runtime_error("SQLite: " + std::string(sqlite3_errmsg(db)));
  return Statement(st, sqlite3_finalize);
}

PgResult pg(PGconn* conn, const std::string& sql, const std::vector<std::optional<std::string>>& params = {}) {
  std::vector<const char*> values;
  for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  PgResult r(PQexecParams(conn, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr,
                          nullptr, 0),
             PQclear);
  const auto status = PQresultStatus(r.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    throw std::runtime_error("PostgreSQL: " + std::string(PQresultErrorMessage(r.get())));
  return r;
}

std::int64_t sqlite_count(sqlite3* db, const std::string& table) {
  auto st = prepare(db, "SELECT count(*) FROM \"" + std::string(table) + "\"");
  return sqlite3_step(st.get()) == SQLITE_ROW ? sqlite3_column_int64(st.get(), 0) : -1;
}

std::int64_t pg_count(PGconn* conn, const std::string& table) {
  return std::stoll(PQgetvalue(pg(conn, "SELECT count(*) FROM \"" + table + "\"").get(), 0, 0));
}

// Copies one table with one prepared INSERT; returns the rows copied.
std::int64_t copy_table(sqlite3* db, PGconn* conn, const std::string& table) {
  auto st = prepare(db, "SELECT * FROM \"" + table + "\"");
  const int n = sqlite3_column_count(st.get());
  std::string columns, placeholders;
  for (int i = 0; i < n; ++i) {
    columns += std::string(i ? ", " : "") + "\"" + sqlite3_column_name(st.get(), i) + "\"";
    placeholders += std::string(i ? ", " : "") + "$" + std::to_string(i + 1);
  }
  PgResult prepared(PQprepare(conn, ("copy_" + table).c_str(),
                              ("INSERT INTO \"" + table + "\" (" + columns + ") VALUES (" + placeholders + ")").c_str(),
                              0, nullptr),
                    PQclear);
  if (PQresultStatus(prepared.get()) != PGRES_COMMAND_OK)
    throw std::runtime_error("PostgreSQL: " + std::string(PQresultErrorMessage(prepared.get())));
  std::int64_t rows = 0;
  std::vector<const char*> values(static_cast<std::size_t>(n));
  while (sqlite3_step(st.get()) == SQLITE_ROW) {
    for (int i = 0; i < n; ++i)
      values[static_cast<std::size_t>(i)] = sqlite3_column_type(st.get(), i) == SQLITE_NULL
                                                ? nullptr
                                                : reinterpret_cast<const char*>(sqlite3_column_text(st.get(), i));
    PgResult r(PQexecPrepared(conn, ("copy_" + table).c_str(), n, values.data(), nullptr, nullptr, 0), PQclear);
    if (PQresultStatus(r.get()) != PGRES_COMMAND_OK)
      throw std::runtime_error(table + ": " + std::string(PQresultErrorMessage(r.get())));
    ++rows;
  }
  return rows;
}

}  // namespace

int migrate_database(const std::string& from, const std::string& to) {
  const std::string path = sqlite_path(from);
  if (path.empty()) throw std::runtime_error("--from must be sqlite:PATH");
  if (!is_postgres_url(to)) throw std::runtime_error("--to must be postgres://... or postgresql://...");
  {
    // Both schemas at their latest migration, so they have the same tables and columns.
    SqliteStore source(path);
    if (!source.initialized()) throw std::runtime_error(path + " has no account");
    PgStore target(to);
    if (target.initialized()) throw std::runtime_error("the PostgreSQL database already has an account");
  }
  sqlite3* raw = nullptr;
  if (sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(raw);
    throw std::runtime_error("cannot open " + path);
  }
  Sqlite db(raw, sqlite3_close);
  Pg conn(PQconnectdb(to.c_str()), PQfinish);
  if (PQstatus(conn.get()) != CONNECTION_OK)
    throw std::runtime_error("cannot connect to PostgreSQL: " + std::string(PQerrorMessage(conn.get())));

  // One read transaction on SQLite (a consistent copy while a server may still write) and one
  // write transaction on PostgreSQL under the servers' write lock (nothing half-copied is seen).
  sqlite3_exec(db.get(), "BEGIN", nullptr, nullptr, nullptr);
  pg(conn.get(), "SET client_min_messages = warning");
  pg(conn.get(), "BEGIN");
  pg(conn.get(), "SELECT pg_advisory_xact_lock(" + std::to_string(pg_write_lock_key) + ")");
  if (pg_count(conn.get(), "account") != 0) throw std::runtime_error("the PostgreSQL database already has an account");
  for (const char* t : tables) copy_table(db.get(), conn.get(), t);
  for (const char* t : identity_tables)
    pg(conn.get(), std::string("SELECT setval(pg_get_serial_sequence('") + t + "', 'id'), coalesce(max(id), 0) + 1, "
                   "false) FROM \"" + t + "\"");
  pg(conn.get(), "COMMIT");

  int differing = 0;
  std::printf("%-18s %10s %10s\n", "table", "sqlite", "postgres");
  for (const char* t : tables) {
    const std::int64_t a = sqlite_count(db.get(), t), b = pg_count(conn.get(), t);
    std::printf("%-18s %10lld %10lld%s\n", t, static_cast<long long>(a), static_cast<long long>(b),
                a == b ? "" : "  DIFFERENT");
    differing += a != b;
  }
  sqlite3_exec(db.get(), "COMMIT", nullptr, nullptr, nullptr);
  if (differing) std::printf("migration FAILED: %d tables differ\n", differing);
  else std::printf("migration done: every table has the same rows\n");
  return differing ? 1 : 0;
}

}  // namespace pcu::server
