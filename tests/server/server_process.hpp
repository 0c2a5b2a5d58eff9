// server_process.hpp: the real pcu-server as a subprocess for tests: a temp directory with
// a fresh database (a SQLite file, or a PostgreSQL database made on the server named by
// PCU_TEST_POSTGRES and dropped afterwards) holding the demo of `pcu-server init --demo`, a
// clock file, a mail directory, a free loopback port; plus an HTTP session client and a dump
// of every table.
//
// Sections: programs and ports · databases · workspace · server process · client · mail
#pragma once

#include <httplib.h>
#include <libpq-fe.h>
#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace pcu_test {

using json = nlohmann::json;
namespace fs = std::filesystem;

inline constexpr const char* owner_username = "owner@example.org";
inline constexpr const char* owner_password = "Owner-pass-1";
inline constexpr const char* demo_password = "Demo-pass-1";
inline constexpr std::int64_t start_time = 1700000000;

// ---- programs and ports ---------------------------------------------------------------

// Runs a program to completion; returns its exit status, with stdout in `out`.
inline int run_program(const std::vector<std::string>& args, std::string* out = nullptr) {
  const fs::path capture = fs::temp_directory_path() / ("pcu-run-" + std::to_string(::getpid()) + "-" +
                                                        std::to_string(std::rand()) + ".out");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, capture.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  if (posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ) != 0)
    throw std::runtime_error("cannot start " + args[0]);
  posix_spawn_file_actions_destroy(&actions);
  int status = 0;
  waitpid(pid, &status, 0);
  if (out) {
    std::ifstream in(capture);
    std::stringstream ss;
    ss << in.rdbuf();
    *out = ss.str();
  }
  fs::remove(capture);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// A loopback port nobody listens on. (Not httplib::Server: its destructor keeps the socket
// open, and with SO_REUSEPORT the test would then share the port with the server.)
inline int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(fd);
    throw std::runtime_error("no free port");
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

// ---- databases ------------------------------------------------------------------------

// A read-only connection to a SQLite file that a running server may be writing: waits for
// its locks (a checkpoint, a writer) instead of failing, and throws on any error so a test
// never compares partial data.
class SqliteReader {
 public:
  explicit SqliteReader(const std::string& path) : path_(path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) fail("cannot open");
    sqlite3_busy_timeout(db_, 10000);
  }
  ~SqliteReader() { sqlite3_close(db_); }
  SqliteReader(const SqliteReader&) = delete;
  SqliteReader& operator=(const SqliteReader&) = delete;

  // Every row of `sql`, every value as text (nullopt: NULL).
  std::vector<std::vector<std::optional<std::string>>> rows(const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
      sqlite3_finalize(st);
      fail(sql);
    }
    std::vector<std::vector<std::optional<std::string>>> out;
    int rc = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      auto& row = out.emplace_back();
      for (int i = 0; i < sqlite3_column_count(st); ++i) {
        const auto* v = reinterpret_cast<const char*>(sqlite3_column_text(st, i));
        row.push_back(v ? std::optional<std::string>(v) : std::nullopt);
      }
    }
    if (rc != SQLITE_DONE) {
      const std::string message = sqlite3_errmsg(db_);
      sqlite3_finalize(st);
      throw std::runtime_error(path_ + ": " + sql + ": " + message);
    }
    sqlite3_finalize(st);
    return out;
  }

 private:
  [[noreturn]] void fail(const std::string& what) {
    throw std::runtime_error(path_ + ": " + what + ": " + (db_ ? sqlite3_errmsg(db_) : "out of memory"));
  }
  std::string path_;
  sqlite3* db_ = nullptr;
};

// Every row of every table of a SQLite file as sorted text: equal dumps mean byte-for-byte equal data.
inline std::string dump_sqlite(const std::string& path) {
  SqliteReader db(path);
  std::vector<std::string> tables;
  std::string out;
  for (const auto& row : db.rows("SELECT name, sql FROM sqlite_master ORDER BY name")) {
    const std::string name = row[0].value_or("");
    out += "schema " + name + ": " + row[1].value_or("") + "\n";
    if (row[1] && row[1]->rfind("CREATE TABLE", 0) == 0) tables.push_back(name);
  }
  for (const auto& t : tables) {
    std::vector<std::string> rows;
    for (const auto& values : db.rows("SELECT * FROM \"" + t + "\"")) {
      std::string row;
      for (const auto& v : values) row += (v ? "'" + *v + "'" : std::string("NULL")) + "|";
      rows.push_back(row);
    }
    std::sort(rows.begin(), rows.end());
    out += "table " + t + " (" + std::to_string(rows.size()) + " rows)\n";
    for (const auto& r : rows) out += "  " + r + "\n";
  }
  return out;
}

// The first value of a query, or -1 when it has no row or is NULL; throws on any error.
inline std::int64_t count_sqlite_rows(const std::string& path, const std::string& sql) {
  const auto rows = SqliteReader(path).rows(sql);
  return rows.empty() || rows[0].empty() || !rows[0][0] ? -1 : std::stoll(*rows[0][0]);
}

// Runs SQL on a SQLite file (no server may have it open): for a test that makes a database as
// an earlier version left it.
inline void execute_sqlite(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
  char* error = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  EXPECT_EQ(rc, SQLITE_OK) << (error ? error : "");
  sqlite3_free(error);
  sqlite3_close(db);
}

// The PostgreSQL server where tests may CREATE DATABASE (a libpq URL), or empty: then the
// PostgreSQL instantiations are skipped.
inline std::string postgres_admin_url() {
  const char* url = std::getenv("PCU_TEST_POSTGRES");
  return url ? url : "";
}

// `url` with its database name replaced: postgres://user@host:port/NAME?params.
inline std::string with_database(const std::string& url, const std::string& name) {
  const auto authority = url.find("://") + 3;
  const auto query = url.find('?', authority);
  const auto slash = url.find('/', authority);
  const auto end_of_host = slash != std::string::npos && slash < query ? slash : query;
  return url.substr(0, end_of_host) + "/" + name + (query == std::string::npos ? "" : url.substr(query));
}

// The rows of one query, every value as text (nullopt: NULL); throws on failure.
inline std::vector<std::vector<std::optional<std::string>>> pg_rows(const std::string& url, const std::string& sql) {
  std::unique_ptr<PGconn, void (*)(PGconn*)> conn(PQconnectdb(url.c_str()), PQfinish);
  if (PQstatus(conn.get()) != CONNECTION_OK)
    throw std::runtime_error("cannot connect to " + url + ": " + PQerrorMessage(conn.get()));
  std::unique_ptr<PGresult, void (*)(PGresult*)> r(PQexec(conn.get(), sql.c_str()), PQclear);
  const auto status = PQresultStatus(r.get());
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK)
    throw std::runtime_error(sql + ": " + PQresultErrorMessage(r.get()));
  std::vector<std::vector<std::optional<std::string>>> rows;
  for (int i = 0; i < PQntuples(r.get()); ++i) {
    auto& row = rows.emplace_back();
    for (int j = 0; j < PQnfields(r.get()); ++j)
      row.push_back(PQgetisnull(r.get(), i, j) ? std::nullopt : std::optional<std::string>(PQgetvalue(r.get(), i, j)));
  }
  return rows;
}

// Every row of every table of a PostgreSQL database as sorted text, with the columns' names
// and types: equal dumps mean equal data.
inline std::string dump_postgres(const std::string& url) {
  std::string out;
  std::vector<std::string> tables;
  for (const auto& row :
       pg_rows(url, "SELECT table_name, string_agg(column_name || ' ' || data_type, ', ' ORDER BY ordinal_position) "
                    "FROM information_schema.columns WHERE table_schema = 'public' GROUP BY table_name ORDER BY 1")) {
    out += "schema " + *row[0] + ": " + *row[1] + "\n";
    tables.push_back(*row[0]);
  }
  for (const auto& t : tables) {
    std::vector<std::string> rows;
    for (const auto& row : pg_rows(url, "SELECT t::text FROM \"" + t + "\" t")) rows.push_back(*row[0]);
    std::sort(rows.begin(), rows.end());
    out += "table " + t + " (" + std::to_string(rows.size()) + " rows)\n";
    for (const auto& r : rows) out += "  " + r + "\n";
  }
  return out;
}

// ---- workspace ------------------------------------------------------------------------

// A directory with the demo database, a clock file and a mail directory. `backend` is
// "sqlite" (a file in the directory) or "postgres" (a fresh database on PCU_TEST_POSTGRES,
// dropped with the workspace; unavailable when the variable is unset).
class Workspace {
 public:
  // `copy_of`: start with a copy of that workspace's database (no server may use it).
  explicit Workspace(std::string backend_name = "sqlite", const Workspace* copy_of = nullptr)
      : backend(std::move(backend_name)) {
    char pattern[] = "/tmp/pcu-server-test-XXXXXX";
    dir = ::mkdtemp(pattern);
    db = dir + "/pcusers.db";
    clock = dir + "/clock";
    mail = dir + "/mail";
    set_clock(start_time);
    if (backend == "sqlite") {
      db_url = "sqlite:" + db;
      if (copy_of) fs::copy_file(copy_of->db, db);
    } else if (!postgres_admin_url().empty()) {
      static std::atomic<int> made{0};
      pg_name = "pcu_test_" + std::to_string(::getpid()) + "_" + std::to_string(made++) + "_" +
                dir.substr(dir.size() - 6);
      for (char& c : pg_name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      pg_rows(postgres_admin_url(),
              "CREATE DATABASE " + pg_name + " TEMPLATE " + (copy_of ? copy_of->pg_name : std::string("template0")));
      db_url = with_database(postgres_admin_url(), pg_name);
    }
  }
  ~Workspace() {
    std::error_code ec;
    fs::remove_all(dir, ec);
    if (!pg_name.empty()) {
      try {
        pg_rows(postgres_admin_url(), "DROP DATABASE IF EXISTS " + pg_name + " WITH (FORCE)");
      } catch (const std::exception&) {
        // a database left behind goes with the scratch cluster
      }
    }
  }
  Workspace(const Workspace&) = delete;
  Workspace& operator=(const Workspace&) = delete;

  // False: the backend is PostgreSQL and PCU_TEST_POSTGRES is unset.
  bool available() const { return !db_url.empty(); }

  void init_demo() {
    const int rc = run_program({PCU_SERVER_PATH, "init", "--db", db_url, "--demo", "--owner-password",
                                owner_password, "--demo-password", demo_password, "--fast-hash", "--clock-file", clock});
    if (rc != 0) throw std::runtime_error("pcu-server init failed");
  }
  // Written to a temporary file and renamed over the clock file (atomic): a server reading
  // it meanwhile sees the old time or the new one, never an empty or half-written file.
  void set_clock(std::int64_t now) {
    now_ = now;
    const std::string temp = clock + ".tmp";
    {
      std::ofstream out(temp, std::ios::trunc);
      out << now << "\n";
      if (!out.flush()) throw std::runtime_error("cannot write " + temp);
    }
    fs::rename(temp, clock);
  }
  void advance(std::int64_t seconds) { set_clock(now_ + seconds); }
  std::int64_t now() const { return now_; }

  std::string backend;
  std::string dir, db, clock, mail;
  std::string db_url;   // what `--db` is given: sqlite:PATH or postgres://...
  std::string pg_name;  // the PostgreSQL database's name

 private:
  std::int64_t now_ = start_time;
};

// Every row of every table of the workspace's database as sorted text.
inline std::string dump_database(const Workspace& ws) {
  return ws.backend == "sqlite" ? dump_sqlite(ws.db) : dump_postgres(ws.db_url);
}

// A SQLite file by path (SQLite-only tests).
inline std::string dump_database(const std::string& sqlite_file) { return dump_sqlite(sqlite_file); }
inline std::int64_t count_rows(const std::string& sqlite_file, const std::string& sql) {
  return count_sqlite_rows(sqlite_file, sql);
}

// The first value of a query (SQL that both databases understand), or -1 when it has no row
// or is NULL; throws on any error.
inline std::int64_t count_rows(const Workspace& ws, const std::string& sql) {
  if (ws.backend == "sqlite") return count_sqlite_rows(ws.db, sql);
  const auto rows = pg_rows(ws.db_url, sql);
  return rows.empty() || !rows[0][0] ? -1 : std::stoll(*rows[0][0]);
}

// Runs SQL (several statements may be given) on the workspace's database, on either store.
inline void execute_sql(const Workspace& ws, const std::string& sql) {
  if (ws.backend == "sqlite") execute_sqlite(ws.db, sql);
  else pg_rows(ws.db_url, sql);
}

// ---- server process -------------------------------------------------------------------

// Tests wait for asynchronous work (delivery, a server starting) by the clock, up to this
// long: generous, since CI runs on a loaded 2-core machine and under sanitizers; a wait that
// succeeds returns as soon as its condition holds.
inline constexpr std::chrono::seconds patience{30};

// Asks `done` every `every` until it holds (true) or `patience` has passed (false).
inline bool eventually(const std::function<bool()>& done, std::chrono::milliseconds every = std::chrono::milliseconds(5)) {
  const auto deadline = std::chrono::steady_clock::now() + patience;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(every);
  }
  return true;
}

// The last `max` bytes of a file (a server's log, for a failure message).
inline std::string file_tail(const std::string& path, std::size_t max = 4000) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  return text.size() > max ? "..." + text.substr(text.size() - max) : text;
}

// Waits until the mail deliverer has nothing queued or being sent: its writes would otherwise
// change a database dump taken to prove that a request changed nothing. Only for a server
// whose deliverer cannot fail (dir:); throws if the outbox does not drain in time.
inline void wait_for_outbox(const Workspace& ws) {
  const std::string sql = "SELECT count(*) FROM outbox WHERE state IN ('queued', 'sending')";
  std::int64_t left = 0;
  if (!eventually([&] { return (left = count_rows(ws, sql)) == 0; }))
    throw std::runtime_error("the outbox did not drain in " + std::to_string(patience.count()) + " s: " +
                             std::to_string(left) + " messages queued or being sent; server log:\n" +
                             file_tail(ws.dir + "/server.log"));
}

// `pcu-server serve` on a free port of the workspace's database; stopped when destroyed.
// `mail_args` replace `--mail dir:WORKSPACE/mail` (e.g. `--mail smtp://...`). Throws when the
// server exits or does not answer in time.
class ServerProcess {
 public:
  explicit ServerProcess(const Workspace& ws, const std::vector<std::string>& mail_args = {}) {
    // The `--mail` the server gets: ours, the one in `mail_args`, or the server's default (dir:).
    std::string mail = mail_args.empty() ? "dir:" + ws.mail : "dir:mail";
    for (std::size_t i = 0; i < mail_args.size(); ++i) {
      if (mail_args[i] == "--mail" && i + 1 < mail_args.size()) mail = mail_args[i + 1];
      if (mail_args[i].rfind("--mail=", 0) == 0) mail = mail_args[i].substr(7);
    }
    port = free_port();
    std::vector<std::string> args = {PCU_SERVER_PATH, "serve", "--db", ws.db_url, "--listen",
                                     "127.0.0.1:" + std::to_string(port), "--fast-hash", "--clock-file", ws.clock};
    if (mail_args.empty()) args.insert(args.end(), {"--mail", "dir:" + ws.mail});
    args.insert(args.end(), mail_args.begin(), mail_args.end());
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    const std::string log = ws.dir + "/server.log";
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    if (posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ) != 0)
      throw std::runtime_error("cannot start pcu-server");
    posix_spawn_file_actions_destroy(&actions);
    httplib::Client probe("127.0.0.1", port);
    probe.set_connection_timeout(1, 0);
    probe.set_read_timeout(5, 0);
    const auto deadline = std::chrono::steady_clock::now() + patience;
    while (true) {
      if (auto r = probe.Get("/api/v1/health"); r && r->status == 200) break;
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = 0;
        throw std::runtime_error("pcu-server exited (" +
                                 (WIFEXITED(status) ? "status " + std::to_string(WEXITSTATUS(status))
                                                    : "signal " + std::to_string(WTERMSIG(status))) +
                                 ") before answering on port " + std::to_string(port) + "; its log:\n" +
                                 file_tail(log));
      }
      if (std::chrono::steady_clock::now() > deadline) {
        kill_hard();
        throw std::runtime_error("pcu-server did not answer on port " + std::to_string(port) + " in " +
                                 std::to_string(patience.count()) + " s; its log:\n" + file_tail(log));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    // The demo's invitation mail is delivered at start; wait so later database dumps are stable.
    // Only a dir: deliverer always drains the outbox: with none there is no deliverer, and an
    // SMTP server may be down on purpose (mail_test.cpp).
    if (mail.rfind("dir:", 0) == 0) {
      try {
        wait_for_outbox(ws);
      } catch (...) {
        kill_hard();
        throw;
      }
    }
  }
  ~ServerProcess() {
    if (pid_ == 0) return;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  // A crash: SIGKILL, no chance to finish anything.
  void kill_hard() {
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = 0;
  }
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  int port = 0;

 private:
  pid_t pid_ = 0;
};

// ---- client ---------------------------------------------------------------------------

struct Reply {
  int status = 0;
  json body;
  std::string text;
  httplib::Headers headers;
  std::string code() const {
    return body.is_object() && body.contains("error") ? body["error"].value("code", "") : std::string();
  }
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
};

// One browser: a cookie jar of one session cookie and the CSRF token.
class Client {
 public:
  explicit Client(int port) : http_("127.0.0.1", port) {
    http_.set_tcp_nodelay(true);
    http_.set_keep_alive(true);
    http_.set_read_timeout(10, 0);
  }

  Reply sign_in(const std::string& username, const std::string& password) {
    Reply r = send("POST", "/api/v1/session", json{{"username", username}, {"password", password}}.dump());
    if (r.status == 200) {
      const auto cookie = r.header("Set-Cookie");
      cookie_ = cookie.substr(0, cookie.find(';'));
      csrf = r.body.value("csrf_token", "");
    }
    return r;
  }
  Reply get(const std::string& path) { return send("GET", path, ""); }
  Reply post(const std::string& path, const json& body) { return send("POST", path, body.dump()); }
  Reply put(const std::string& path, const json& body) { return send("PUT", path, body.dump()); }
  Reply patch(const std::string& path, const json& body, const std::string& if_match) {
    return send("PATCH", path, body.dump(), {{"If-Match", if_match}});
  }
  Reply del(const std::string& path) { return send("DELETE", path, ""); }

  // Any request; the session cookie and CSRF header go along unless switched off.
  Reply send(const std::string& method, const std::string& path, const std::string& body,
             httplib::Headers extra = {}, bool with_csrf = true) {
    httplib::Headers headers = std::move(extra);
    if (!cookie_.empty()) headers.emplace("Cookie", cookie_);
    if (with_csrf && !csrf.empty()) headers.emplace("X-CSRF-Token", csrf);
    auto res = method == "GET"     ? http_.Get(path.c_str(), headers)
               : method == "POST"  ? http_.Post(path.c_str(), headers, body, "application/json")
               : method == "PUT"   ? http_.Put(path.c_str(), headers, body, "application/json")
               : method == "PATCH" ? http_.Patch(path.c_str(), headers, body, "application/json")
                                   : http_.Delete(path.c_str(), headers, body, "application/json");
    Reply r;
    if (!res) {  // status 0: no answer
      r.text = "no answer: " + httplib::to_string(res.error());
      return r;
    }
    r.status = res->status;
    r.text = res->body;
    r.headers = res->headers;
    r.body = json::parse(res->body, nullptr, false);
    return r;
  }
  // Presents `other`'s session from now on (the same browser talking to another instance).
  void share_session(const Client& other) {
    cookie_ = other.cookie_;
    csrf = other.csrf;
  }
  void forget_session() {
    cookie_.clear();
    csrf.clear();
  }

  const std::string& cookie() const { return cookie_; }  // "pcu_session=..." once signed in

  std::string csrf;

 private:
  httplib::Client http_;
  std::string cookie_;
};

// ---- mail -----------------------------------------------------------------------------

// Mail files of the workspace, oldest first.
inline std::vector<std::string> mail_files(const Workspace& ws) {
  std::vector<std::string> files;
  if (!fs::exists(ws.mail)) return files;
  for (const auto& e : fs::directory_iterator(ws.mail))
    if (e.path().extension() == ".eml") files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The token of the newest invitation link mailed to `address`, waiting for the delivery.
// Empty if it did not arrive in time.
inline std::string invitation_token(const Workspace& ws, const std::string& address, std::size_t skip_older = 0) {
  std::string token;
  eventually([&] {
    std::vector<std::string> tokens;
    for (const auto& f : mail_files(ws)) {
      const auto text = read_text(f);
      const auto to = text.find("\r\nTo: ");
      const auto to_end = text.find("\r\n", to + 2);
      if (to == std::string::npos || text.substr(to, to_end - to).find(address) == std::string::npos) continue;
      const auto at = text.find("/#/accept/");
      if (at == std::string::npos) continue;
      const auto start = at + std::string("/#/accept/").size();
      tokens.push_back(text.substr(start, text.find_first_of("\r\n", start) - start));
    }
    if (tokens.size() <= skip_older) return false;
    token = tokens.back();
    return true;
  });
  return token;
}

}  // namespace pcu_test
