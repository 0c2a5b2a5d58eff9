// pcu-server: `init` creates the account (and the demo), `serve` runs the API and the
// console's static files on one port, `routes` prints the route table (METHOD PATH),
// `migrate-db` copies an account from SQLite to PostgreSQL.
#include <CLI/CLI.hpp>
#include <httplib.h>
#include <sodium.h>
#include <spdlog/spdlog.h>

#include <csignal>
#include <cstdio>
#include <memory>

#include "account_init.hpp"
#include "clock.hpp"
#include "http_app.hpp"
#include "mail_dir.hpp"
#include "mail_smtp.hpp"
#include "security_headers.hpp"
#include "server_options.hpp"
#include "migrate_db.hpp"
#include "pg_store.hpp"
#include "sqlite_store.hpp"

namespace {

using namespace pcu::server;

httplib::Server* running_server = nullptr;

void stop_on_signal(int) {
  if (running_server) running_server->stop();
}

std::unique_ptr<Store> open_store(const std::string& db) {
  if (is_postgres_url(db)) return std::make_unique<PgStore>(db);
  const auto path = sqlite_path(db);
  if (path.empty()) throw std::runtime_error("--db must be sqlite:PATH or postgres://...");
  return std::make_unique<SqliteStore>(path);
}

int serve(ServerOptions options) {
  const Clock clock(options.clock_file);
  auto store = open_store(options.db);
  if (!store->initialized()) throw std::runtime_error("the database has no account: run `pcu-server init` first");
  // R-UM14: visits past the retention go at start, and on every history read and write.
  store->transaction([&] {
    store->purge_visits(clock.now() - std::int64_t{pcu::limits::history_days} * 86400);
    store->purge_sessions(clock.now());
  });
  if (options.public_url.empty()) options.public_url = "http://" + options.listen;

  std::unique_ptr<OutboxPump> outbox;
  const MailIdentity identity{options.mail_from, options.mail_reply_to};
  PumpOptions pump;
  if (options.mail.rfind("dir:", 0) == 0) {
    pump.workers = options.mail_workers ? options.mail_workers : 1;
    const std::string dir = options.mail.substr(4);
    outbox = std::make_unique<OutboxPump>(
        *store, clock, [dir, identity] { return std::make_unique<MailDirDeliverer>(dir, identity); }, pump);
  } else if (options.mail != "none") {
    const SmtpSettings smtp = smtp_settings(options.mail, options.mail_credentials);
    pump.workers = options.mail_workers ? options.mail_workers : 4;
    smtp_global_init();
    outbox = std::make_unique<OutboxPump>(
        *store, clock, [smtp, identity] { return std::make_unique<SmtpDeliverer>(smtp, identity); }, pump);
  }

  App app{*store,        clock, PasswordHasher(options.hash_cost()), options,
          outbox.get(), RateLimiter(options.invite_rate)};
  const RouteTable routes = all_routes();
  httplib::Server server;
  const std::size_t threads = options.threads;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server.set_tcp_nodelay(true);
  server.set_keep_alive_max_count(1000000);
  server.set_keep_alive_timeout(5);  // idle connections free their worker soon
  server.set_payload_max_length(options.body_max);
  mount(server, app, routes);
  harden(server, options);

  const auto colon = options.listen.rfind(':');
  if (colon == std::string::npos) throw std::runtime_error("--listen must be HOST:PORT");
  const std::string host = options.listen.substr(0, colon);
  const int port = std::stoi(options.listen.substr(colon + 1));
  if (!server.bind_to_port(host, port)) throw std::runtime_error("cannot listen on " + options.listen);
  running_server = &server;
  std::signal(SIGINT, stop_on_signal);
  std::signal(SIGTERM, stop_on_signal);
  spdlog::info("pcu-server listening on http://{}{}", options.listen,
               options.fast_hash ? " (fast password hashing: for tests only)" : "");
  server.listen_after_bind();
  running_server = nullptr;
  return 0;
}

int init(const std::string& db, const std::string& clock_file, bool fast_hash, const InitOptions& options) {
  auto store = open_store(db);
  const PasswordHasher hasher(fast_hash ? HashCost::fast() : HashCost::interactive());
  const auto result = initialize_account(*store, hasher, Clock(clock_file).now(), options);
  std::printf("owner: %s\n", result.owner_username.c_str());
  if (options.owner_password.empty()) std::printf("owner password: %s\n", result.owner_password.c_str());
  if (!result.demo_password.empty() && options.demo_password.empty())
    std::printf("demo password: %s\n", result.demo_password.c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (sodium_init() < 0) {
    std::fprintf(stderr, "libsodium failed to start\n");
    return 1;
  }
  CLI::App cli{"pcu-server: manage who may use a developer account"};
  cli.require_subcommand(1);

  ServerOptions serve_options;
  auto* serve_cmd = cli.add_subcommand("serve", "Serve the JSON API under /api/v1 and the console's static files");
  serve_cmd->add_option("--db", serve_options.db, "sqlite:PATH or postgres://...");
  serve_cmd->add_option("--listen", serve_options.listen, "HOST:PORT");
  serve_cmd->add_option("--static", serve_options.static_dir, "Directory of the console's static files");
  serve_cmd->add_option("--mail", serve_options.mail,
                        "dir:PATH (one .eml file per message), smtp://HOST:PORT[?starttls], smtps://HOST:PORT, or none");
  serve_cmd->add_option("--mail-from", serve_options.mail_from, "From of every message");
  serve_cmd->add_option("--mail-reply-to", serve_options.mail_reply_to, "Reply-To of every message (default none)");
  serve_cmd->add_option("--mail-credentials", serve_options.mail_credentials,
                        "File with the SMTP user and password on two lines (else PCU_SMTP_USER, PCU_SMTP_PASSWORD)");
  serve_cmd->add_option("--mail-workers", serve_options.mail_workers, "Delivery threads (default 1 for dir:, 4 for SMTP)")
      ->check(CLI::Range(1, 64));
  serve_cmd->add_option("--public-url", serve_options.public_url, "Base of links in mail (default http://LISTEN)");
  serve_cmd->add_option("--clock-file", serve_options.clock_file, "TESTS ONLY: read 'now' (unix seconds) from this file");
  serve_cmd->add_flag("--fast-hash", serve_options.fast_hash, "TESTS ONLY: the weakest argon2id cost");
  serve_cmd->add_option("--invite-expiry-days", serve_options.invite_expiry_days, "Days an invitation link works")
      ->check(CLI::Range(1, 365));
  serve_cmd->add_option("--threads", serve_options.threads, "Worker threads")->check(CLI::Range(1, 256));
  serve_cmd->add_option("--address-lockout-failures", serve_options.address_lockout_failures,
                        "Failed sign-ins from one client address, any usernames, before it is locked out (0: off)")
      ->check(CLI::Range(0, 1000000));
  serve_cmd->add_option("--trusted-proxy", serve_options.trusted_proxy,
                        "Address of the reverse proxy whose X-Forwarded-For names the client");
  serve_cmd->add_option("--read-timeout", serve_options.read_timeout,
                        "Seconds a socket read may wait before a slow client is cut off")
      ->check(CLI::Range(1, 3600));
  serve_cmd->add_option("--write-timeout", serve_options.write_timeout, "Seconds a socket write may wait")
      ->check(CLI::Range(1, 3600));
  serve_cmd->add_option("--header-max", serve_options.header_max,
                        "Bytes of request headers accepted (more: 431 headers_too_large)")
      ->check(CLI::Range(1024, 1024 * 1024));
  serve_cmd->add_option("--invite-rate", serve_options.invite_rate,
                        "Invitation creations and resends a minute per signed-in user (0: no limit)")
      ->check(CLI::Range(0, 1000000));

  std::string init_db = "sqlite:pcusers.db", init_clock;
  bool init_fast = false;
  InitOptions init_options;
  auto* init_cmd = cli.add_subcommand("init", "Create the account, its owner and a first tenant");
  init_cmd->add_option("--db", init_db, "sqlite:PATH or postgres://...");
  init_cmd->add_option("--domain", init_options.domain, "The first tenant's verified domain");
  init_cmd->add_option("--owner-password", init_options.owner_password, "The owner's password (default: generated)");
  init_cmd->add_flag("--demo", init_options.demo, "Fill the demo tenant example.org");
  init_cmd->add_option("--demo-password", init_options.demo_password, "Password of demo and seeded users");
  init_cmd->add_option("--users", init_options.users, "Seed N extra users (benchmarks)");
  init_cmd->add_option("--public-url", init_options.public_url, "Base of links in the demo's mail");
  init_cmd->add_option("--clock-file", init_clock, "TESTS ONLY: read 'now' from this file");
  init_cmd->add_flag("--fast-hash", init_fast, "TESTS ONLY: the weakest argon2id cost");

  auto* routes_cmd = cli.add_subcommand("routes", "Print the API routes as METHOD PATH lines");

  std::string migrate_from, migrate_to;
  auto* migrate_cmd = cli.add_subcommand("migrate-db", "Copy the whole account from SQLite to an empty PostgreSQL");
  migrate_cmd->add_option("--from", migrate_from, "sqlite:PATH")->required();
  migrate_cmd->add_option("--to", migrate_to, "postgres://...")->required();

  CLI11_PARSE(cli, argc, argv);
  try {
    if (*routes_cmd) {
      for (const auto& r : all_routes()) std::printf("%s %s\n", r.method.c_str(), r.path.c_str());
      return 0;
    }
    if (*migrate_cmd) return migrate_database(migrate_from, migrate_to);
    if (*init_cmd) {
      if (init_options.demo) init_options.domain = "example.org";
      return init(init_db, init_clock, init_fast, init_options);
    }
    return serve(serve_options);
  } catch (const std::exception& e) {
    spdlog::error("{}", e.what());
    return 1;
  }
}
