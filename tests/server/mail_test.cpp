// Mail through a real SMTP server (tests/server/smtp_sink.py on loopback): invitation and
// recovery messages, retries, a crash while mail is queued, permanent refusals.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>

#include "server_fixture.hpp"
#include "smtp_sink.hpp"

namespace pcu_test {
namespace {

const json developer = {{"roles", {"developer"}}};

// A loopback port bound but not listening: connections to it are refused as if nobody were
// there, and no other process can take it until it is released (just before a sink starts on it).
class HeldPort {
 public:
  HeldPort() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);  // not inherited by the servers started meanwhile
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
      throw std::runtime_error("no free port");
    port = ntohs(addr.sin_port);
  }
  ~HeldPort() { release(); }
  HeldPort(const HeldPort&) = delete;
  HeldPort& operator=(const HeldPort&) = delete;
  void release() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  int port = 0;

 private:
  int fd_ = -1;
};

class Mail : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    PCU_SKIP_UNLESS_AVAILABLE(ws);
    ws.init_demo();
  }
  std::string sink_dir() const { return ws.dir + "/smtp"; }
  void start_server(const std::string& smtp_url) {
    server = std::make_unique<ServerProcess>(
        ws, std::vector<std::string>{"--mail", smtp_url, "--mail-from", "pcusers <invites@pcusers.test>",
                                     "--mail-reply-to", "help@pcusers.test", "--public-url", "http://console.test/"});
  }
  std::unique_ptr<Client> owner() {
    auto c = std::make_unique<Client>(server->port);
    EXPECT_EQ(c->sign_in(owner_username, owner_password).status, 200);
    return c;
  }
  // The invitation of `email` in the list, waiting until `done` says its delivery is there.
  json invitation(Client& c, const std::string& email, const std::function<bool(const json&)>& done) {
    json found;
    eventually(
        [&] {
          const auto list = c.get("/api/v1/invitations");
          for (const auto& inv : list.body["invitations"])
            if (inv["email"] == email) found = inv;
          return !found.is_null() && done(found["delivery"]);
        },
        std::chrono::milliseconds(20));
    EXPECT_FALSE(found.is_null()) << email;
    return found.is_null() ? json{{"delivery", json::object()}} : found;
  }

  // A sink that refuses nobody@ext.example for good and takes the rest, a server sending to
  // it, and the owner (returned) inviting nobody@ext.example and lee@ext.example.
  std::unique_ptr<Client> invite_through_a_refusing_sink() {
    refusing_sink = std::make_unique<SmtpSink>(sink_dir(), 0, std::vector<std::string>{"nobody@ext.example"});
    start_server(refusing_sink->url());
    auto o = owner();
    const auto r = o->post("/api/v1/invitations", {{"text", "nobody@ext.example; lee@ext.example"}, {"access", developer}});
    EXPECT_EQ(r.status, 201) << r.text;
    return o;
  }

  Workspace ws{current_backend()};
  std::unique_ptr<SmtpSink> refusing_sink;
  std::unique_ptr<ServerProcess> server;  // stopped before the sink
};
PCU_ON_EVERY_BACKEND(Mail);

// R-UM8: the invitation arrives at the invitee with the right headers, plain text and HTML,
// and its link accepts the invitation through the API; the list shows it sent.
TEST_P(Mail, InvitationArrivesAndItsLinkAccepts) {
  SmtpSink sink(sink_dir());
  start_server(sink.url());
  auto o = owner();
  const auto r = o->post("/api/v1/invitations", {{"text", "\"Doe, Jane\" <jane@ext.example>"}, {"access", developer}});
  ASSERT_EQ(r.status, 201) << r.text;
  EXPECT_EQ(r.body["invitations"][0]["delivery"]["state"], "queued");  // the request did not wait for SMTP

  const auto mails = wait_for_mail(sink_dir(), "jane@ext.example");
  ASSERT_EQ(mails.size(), 1u);
  const auto& m = mails[0];
  EXPECT_EQ(m.header("To"), "\"Doe, Jane\" <jane@ext.example>");
  EXPECT_EQ(m.header("From"), "pcusers <invites@pcusers.test>");
  EXPECT_EQ(m.header("Reply-To"), "help@pcusers.test");
  EXPECT_EQ(m.header("Subject"), "You are invited to a pcusers account");
  EXPECT_EQ(m.header("Date"), "Tue, 14 Nov 2023 22:13:20 +0000");  // the injected clock
  EXPECT_NE(m.header("Message-ID").find("@pcusers.test>"), std::string::npos);
  EXPECT_EQ(m.header("Content-Type").rfind("multipart/alternative; boundary=", 0), 0u);
  EXPECT_NE(m.text.find("Content-Type: text/plain; charset=utf-8"), std::string::npos);
  EXPECT_NE(m.text.find("Content-Type: text/html; charset=utf-8"), std::string::npos);
  EXPECT_NE(m.text.find("<a href=\"http://console.test/#/accept/"), std::string::npos);
  const std::string token = m.token("accept");
  ASSERT_EQ(token.size(), 43u);
  EXPECT_NE(m.text.find("http://console.test/#/accept/" + token + "\r\n"), std::string::npos);

  const auto sent = invitation(*o, "jane@ext.example", [](const json& d) { return d["state"] == "sent"; });
  EXPECT_EQ(sent["delivery"]["attempts"], 1);
  EXPECT_TRUE(sent["delivery"]["last_error"].is_null());
  EXPECT_EQ(sent["delivery"]["sent_at"], ws.now());
  EXPECT_EQ("<" + sent["delivery"]["message_id"].get<std::string>() + ">", m.header("Message-ID"));
  const auto user = o->get("/api/v1/users/" + sent["user_id"].get<std::string>());
  EXPECT_EQ(user.body["invitation"]["delivery"]["state"], "sent");

  const auto accepted = Client(server->port).post("/api/v1/invitations/accept", {{"token", token}, {"password", "Jane-pass-123"}});
  ASSERT_EQ(accepted.status, 200) << accepted.text;
  EXPECT_EQ(Client(server->port).sign_in("jane@ext.example", "Jane-pass-123").status, 200);
}

// R-UM8: the SMTP server is down when the invitation is made; the message is retried with
// backoff on the injected clock and arrives once the server is up.
TEST_P(Mail, RetriedUntilTheServerIsUp) {
  HeldPort held;  // refused until the sink starts, and nobody else's meanwhile
  const int port = held.port;
  start_server("smtp://127.0.0.1:" + std::to_string(port));
  auto o = owner();
  ASSERT_EQ(o->post("/api/v1/invitations", {{"text", "kim@ext.example"}, {"access", developer}}).status, 201);
  const auto failed_once = invitation(*o, "kim@ext.example", [](const json& d) { return d["attempts"] == 1; });
  const auto& d = failed_once["delivery"];
  EXPECT_EQ(d["state"], "queued");
  EXPECT_FALSE(d["last_error"].get<std::string>().empty());
  EXPECT_GE(d["next_attempt_at"].get<std::int64_t>(), ws.now() + 15);  // first delay 30 s, jitter over its upper half
  EXPECT_LE(d["next_attempt_at"].get<std::int64_t>(), ws.now() + 30);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // not due yet: no second attempt
  EXPECT_EQ(invitation(*o, "kim@ext.example", [](const json&) { return true; })["delivery"]["attempts"], 1);

  held.release();
  SmtpSink sink(sink_dir(), port);
  ws.advance(31);
  const auto mails = wait_for_mail(sink_dir(), "kim@ext.example");
  ASSERT_EQ(mails.size(), 1u);
  const auto sent = invitation(*o, "kim@ext.example", [](const json& d) { return d["state"] == "sent"; });
  EXPECT_EQ(sent["delivery"]["attempts"], 2);
  EXPECT_EQ(sent["delivery"]["sent_at"], ws.now());
  EXPECT_EQ(mails[0].header("Message-ID"), "<" + sent["delivery"]["message_id"].get<std::string>() + ">");
}

// R-UM8: pcu-server is killed (SIGKILL) while 200 messages are queued and being sent; after
// a restart every message arrives. Only a message that was in flight at the kill can arrive
// twice (the server accepted it, the acknowledgement was never recorded), and it then keeps
// its Message-ID, so the resend is recognisable.
TEST_P(Mail, EveryMessageArrivesAfterACrash) {
  // Slow enough to kill in the middle however slowly the invitations are made: 4 workers
  // deliver about 8 messages a second, so the 200 take 25 s; the kill comes after 20.
  SmtpSink slow_sink(sink_dir(), 0, {}, 0.5);
  start_server(slow_sink.url());
  auto o = owner();
  for (int request = 0; request < 20; ++request) {
    std::string text;
    for (int i = 0; i < 10; ++i) text += "bulk" + std::to_string(request * 10 + i) + "@crash.example,";
    ASSERT_EQ(o->post("/api/v1/invitations", {{"text", text}, {"access", developer}}).status, 201);
  }
  auto bulk = [&] {
    std::vector<ReceivedMail> out;
    for (auto& m : received(sink_dir()))
      if (m.envelope_to.find("@crash.example") != std::string::npos) out.push_back(std::move(m));
    return out;
  };
  eventually([&] { return bulk().size() >= 20; });
  server->kill_hard();
  const auto before_restart = bulk().size();
  EXPECT_LT(before_restart, 200u) << "the kill came too late to prove anything";

  ws.advance(301);  // past the claim lease of the killed workers
  // The rest goes to a fast sink writing to the same directory (the slow one stays up: a
  // message it was receiving at the kill may still arrive).
  SmtpSink fast_sink(sink_dir());
  start_server(fast_sink.url());
  std::vector<ReceivedMail> all;
  for (int i = 0; i < 3000; ++i) {
    all = bulk();
    std::set<std::string> addresses;
    for (const auto& m : all) addresses.insert(m.envelope_to);
    if (addresses.size() == 200) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // anything still coming would be a duplicate
  all = bulk();
  std::map<std::string, std::set<std::string>> ids_of;  // address -> Message-IDs received
  std::map<std::string, int> copies;                    // Message-ID -> times received
  for (const auto& m : all) {
    ids_of[m.envelope_to].insert(m.header("Message-ID"));
    ++copies[m.header("Message-ID")];
  }
  EXPECT_EQ(ids_of.size(), 200u);  // every message arrived
  EXPECT_EQ(copies.size(), 200u);  // one Message-ID per message, kept across the restart
  for (const auto& [address, ids] : ids_of) EXPECT_EQ(ids.size(), 1u) << address;
  int resent = 0;
  for (const auto& [id, n] : copies) resent += n - 1;
  EXPECT_LE(resent, 4) << "more duplicates than messages in flight (4 workers)";
  EXPECT_EQ(count_rows(ws, "SELECT count(*) FROM outbox WHERE state <> 'sent'"), 0);
  std::printf("crash: %zu arrived before the kill, %d resent after it (same Message-ID)\n", before_restart, resent);
}

// R-UM8: a permanent refusal (550) shows on the invitation with the server's reply; the
// other messages are not held up.
TEST_P(Mail, PermanentRefusalShowsAndHoldsNothingUp) {
  auto o = invite_through_a_refusing_sink();
  EXPECT_EQ(wait_for_mail(sink_dir(), "lee@ext.example").size(), 1u);
  const auto failed = invitation(*o, "nobody@ext.example", [](const json& d) { return d["state"] == "failed"; });
  ASSERT_EQ(failed["delivery"]["state"], "failed");
  EXPECT_EQ(failed["delivery"]["attempts"], 1);
  EXPECT_EQ(failed["delivery"]["last_error"].get<std::string>().rfind("550 5.1.1 <nobody@ext.example>", 0), 0u)
      << failed["delivery"];
  EXPECT_TRUE(failed["delivery"]["sent_at"].is_null());
  const auto user = o->get("/api/v1/users/" + failed["user_id"].get<std::string>());
  EXPECT_EQ(user.body["invitation"]["delivery"]["state"], "failed");
  EXPECT_EQ(invitation(*o, "lee@ext.example", [](const json& d) { return d["state"] == "sent"; })["delivery"]["state"],
            "sent");
  EXPECT_EQ(count_rows(ws, "SELECT count(*) FROM mail_attempts WHERE outcome = 'failed' AND reply LIKE '550%'"), 1);
}

// Security: a message's body holds its link, a bearer secret the server otherwise keeps only
// as a hash. Once the message is sent, or refused for good, the outbox keeps its envelope and
// state but not its body; on SQLite, once the writes stop, the link is nowhere in the database
// or WAL file of the running server. The links that reached their invitee still work.
TEST_P(Mail, SentAndRefusedMessagesKeepNoLink) {
  auto o = invite_through_a_refusing_sink();
  ASSERT_EQ(Client(server->port).post("/api/v1/password-recovery", {{"username", "alice@example.org"}}).status, 202);
  const auto invited = wait_for_mail(sink_dir(), "lee@ext.example");
  const auto recovery = wait_for_mail(sink_dir(), "alice.recovery@mail.example");
  ASSERT_EQ(invited.size(), 1u);
  ASSERT_EQ(recovery.size(), 1u);
  const std::string accept = invited[0].token("accept");
  const std::string recover = recovery[0].token("recover");
  ASSERT_EQ(accept.size(), 43u);
  ASSERT_EQ(recover.size(), 43u);
  EXPECT_EQ(invitation(*o, "nobody@ext.example", [](const json& d) { return d["state"] == "failed"; })["delivery"]["state"],
            "failed");
  EXPECT_EQ(invitation(*o, "lee@ext.example", [](const json& d) { return d["state"] == "sent"; })["delivery"]["state"],
            "sent");
  EXPECT_TRUE(eventually(
      [&] { return count_rows(ws, "SELECT count(*) FROM outbox WHERE state NOT IN ('sent', 'failed')") == 0; }));
  EXPECT_GE(count_rows(ws, "SELECT count(*) FROM outbox"), 3);  // the two invitations, the recovery (and the demo's)
  EXPECT_EQ(count_rows(ws, "SELECT count(*) FROM outbox WHERE body <> '' OR html <> ''"), 0);
  EXPECT_EQ(count_rows(ws, "SELECT count(*) FROM outbox WHERE to_addr = '' OR subject = '' OR message_id = ''"), 0);

  EXPECT_EQ(Client(server->port).post("/api/v1/invitations/accept", {{"token", accept}, {"password", "Lee-pass-1234"}}).status,
            200);
  EXPECT_EQ(Client(server->port)
                .post("/api/v1/password-recovery/complete", {{"token", recover}, {"new_password", "Alice-new-pass-1"}})
                .status,
            200);
  if (ws.backend != "sqlite") return;
  // Once the writes stop, the running server copies the WAL into the database and empties it.
  const auto wal_size = [&] {
    std::error_code ec;
    const auto size = std::filesystem::file_size(ws.db + "-wal", ec);
    return ec ? std::uintmax_t{0} : size;
  };
  EXPECT_TRUE(eventually([&] { return wal_size() == 0; })) << wal_size() << " bytes of WAL left";
  for (const std::string& file : {ws.db, ws.db + "-wal"}) {
    const std::string bytes = read_text(file);
    EXPECT_EQ(bytes.find(accept), std::string::npos) << file;
    EXPECT_EQ(bytes.find(recover), std::string::npos) << file;
  }
}

// Security: a database of an earlier version, whose outbox kept the bodies of sent and refused
// messages, loses them at start (SQLite migration 7, PostgreSQL 5); a message still to send
// keeps its body.
TEST_P(Mail, AnEarlierDatabaseLosesTheBodiesOfItsSentMessages) {
  const bool sqlite = ws.backend == "sqlite";
  {
    ServerProcess first(ws);  // applies every migration and delivers the demo's invitation
  }
  execute_sql(ws,
              "UPDATE outbox SET body = 'link A', html = '<a>link A</a>' WHERE state = 'sent';"
              "INSERT INTO outbox (to_addr, subject, body, created_at, html, message_id, state, attempts) VALUES "
              "('x@ext.example', 'Invited', 'link B', 0, '<a>link B</a>', 'b@pcusers.invalid', 'failed', 1),"
              "('y@ext.example', 'Invited', 'link C', 0, '<a>link C</a>', 'c@pcusers.invalid', 'queued', 0);"
              // A database of that version: without what later migrations added.
              "ALTER TABLE directory_users DROP COLUMN account_version;" +
                  std::string(sqlite ? "PRAGMA user_version = 6;" : "UPDATE schema_version SET version = 4;"));
  ASSERT_EQ(count_rows(ws, "SELECT count(*) FROM outbox WHERE body LIKE 'link _'"), 3);
  {
    ServerProcess server(ws, {"--mail", "none"});  // nothing is sent meanwhile
  }
  EXPECT_GE(count_rows(ws, sqlite ? "PRAGMA user_version" : "SELECT version FROM schema_version"), sqlite ? 7 : 5);
  EXPECT_EQ(count_rows(ws, "SELECT count(*) FROM outbox WHERE state IN ('sent', 'failed') AND body || html <> ''"), 0);
  EXPECT_EQ(count_rows(ws, "SELECT count(*) FROM outbox WHERE state IN ('sent', 'failed')"), 2);
  EXPECT_EQ(count_rows(ws, "SELECT count(*) FROM outbox WHERE body = 'link C' AND html = '<a>link C</a>'"), 1);
}

// R-UM12: a recovery request answers the same with or without a recovery email (and for no
// user at all); the link goes to the recovery email, sets a password meeting R-PW1, ends the
// user's sessions, works once, and expires after an hour.
TEST_P(Mail, PasswordRecovery) {
  SmtpSink sink(sink_dir());
  start_server(sink.url());
  auto alice_session = std::make_unique<Client>(server->port);
  ASSERT_EQ(alice_session->sign_in("alice@example.org", demo_password).status, 200);
  Client anon(server->port);
  auto ask = [&](const std::string& username) {
    Reply r = anon.post("/api/v1/password-recovery", {{"username", username}});
    r.headers.erase("Date");
    return r;
  };
  const auto with_email = ask("alice@example.org");
  const auto without_email = ask("bob@example.org");  // no recovery email
  const auto nobody = ask("nobody@example.org");
  EXPECT_EQ(with_email.status, 202);
  for (const auto* other : {&without_email, &nobody}) {
    EXPECT_EQ(other->status, with_email.status);
    EXPECT_EQ(other->text, with_email.text);
    EXPECT_EQ(other->headers, with_email.headers);
  }

  const auto mails = wait_for_mail(sink_dir(), "alice.recovery@mail.example");
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0].header("Subject"), "Reset your pcusers password");
  const std::string token = mails[0].token("recover");
  ASSERT_FALSE(token.empty());
  const auto weak = anon.post("/api/v1/password-recovery/complete", {{"token", token}, {"new_password", "weak"}});
  EXPECT_EQ(weak.status, 422);  // R-PW1; the link still works
  const auto done = anon.post("/api/v1/password-recovery/complete", {{"token", token}, {"new_password", "Alice-new-pass-1"}});
  ASSERT_EQ(done.status, 200) << done.text;
  EXPECT_EQ(alice_session->get("/api/v1/session").status, 401);  // its sessions ended
  EXPECT_EQ(Client(server->port).sign_in("alice@example.org", "Alice-new-pass-1").status, 200);
  const auto again = anon.post("/api/v1/password-recovery/complete", {{"token", token}, {"new_password", "Alice-new-pass-2"}});
  EXPECT_EQ(again.status, 404);  // single use
  EXPECT_EQ(again.code(), "recovery_not_found");

  ASSERT_EQ(ask("alice@example.org").status, 202);
  const auto second = wait_for_mail(sink_dir(), "alice.recovery@mail.example", 2);
  ASSERT_EQ(second.size(), 2u);
  ws.advance(3601);
  const auto late = anon.post("/api/v1/password-recovery/complete",
                              {{"token", second[1].token("recover")}, {"new_password", "Alice-new-pass-3"}});
  EXPECT_EQ(late.status, 404);  // an hour has passed
  EXPECT_EQ(late.code(), "recovery_not_found");

  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  for (const auto& m : received(sink_dir()))  // only Alice's recovery email and the demo's invitation got mail
    EXPECT_TRUE(m.envelope_to == "alice.recovery@mail.example" || m.envelope_to == "pat@partner.example")
        << m.envelope_to;
}

}  // namespace
}  // namespace pcu_test
