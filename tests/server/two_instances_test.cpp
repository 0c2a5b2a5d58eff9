// Two pcu-server instances on one PostgreSQL database (PostgreSQL only; skipped without
// PCU_TEST_POSTGRES): sessions and changes are shared at once; racing invitations and edits
// from the two instances are decided once; a read on one answers from one snapshot while the
// other writes; the mail workers of both send each message once; the history purge of both
// deletes each old visit once.
#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <map>
#include <set>

#include "server_fixture.hpp"

namespace pcu_test {
namespace {

const json developer = {{"roles", {"developer"}}};

class TwoInstances : public ::testing::Test {
 protected:
  void SetUp() override {
    PCU_SKIP_UNLESS_AVAILABLE(ws);
    ws.init_demo();
    // Four delivery workers each (dir: has one by default): eight claiming from one outbox.
    const auto args = [](const std::string& mail) {
      return std::vector<std::string>{"--mail", "dir:" + mail, "--mail-workers", "4"};
    };
    a = std::make_unique<ServerProcess>(ws, args(mail_a()));
    b = std::make_unique<ServerProcess>(ws, args(mail_b()));
  }
  std::string mail_a() const { return ws.dir + "/mail-a"; }
  std::string mail_b() const { return ws.dir + "/mail-b"; }
  std::unique_ptr<Client> signed_in(const ServerProcess& server, const std::string& username, const std::string& password) {
    auto c = std::make_unique<Client>(server.port);
    EXPECT_EQ(c->sign_in(username, password).status, 200);
    return c;
  }

  // Runs `on_a` and `on_b` at the same moment (each on its own thread and connection).
  template <typename A, typename B>
  static void at_once(A on_a, B on_b) {
    std::latch start(2);
    std::thread ta([&] {
      start.arrive_and_wait();
      on_a();
    });
    std::thread tb([&] {
      start.arrive_and_wait();
      on_b();
    });
    ta.join();
    tb.join();
  }

  Workspace ws{"postgres"};
  std::unique_ptr<ServerProcess> a, b;
};

std::set<std::string> eml_names(const std::string& dir) {
  std::set<std::string> out;
  if (!fs::exists(dir)) return out;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".eml") out.insert(e.path().filename().string());
  return out;
}

TEST_F(TwoInstances, SessionMadeOnOneIsValidOnTheOther) {
  auto on_a = signed_in(*a, owner_username, owner_password);
  Client on_b(b->port);
  on_b.share_session(*on_a);
  const auto me = on_b.get("/api/v1/session");
  ASSERT_EQ(me.status, 200) << me.text;
  EXPECT_EQ(me.body["user"]["username"], owner_username);
  // A state-changing request on B with the CSRF token A gave.
  EXPECT_EQ(on_b.post("/api/v1/activity", {{"path", "/users"}}).status, 200);
  // Signed out on B: the session is over on A too.
  EXPECT_EQ(on_b.del("/api/v1/session").status, 200);
  EXPECT_EQ(on_a->get("/api/v1/session").status, 401);
}

TEST_F(TwoInstances, ChangeOnOneIsSeenOnTheOtherAtOnce) {
  auto on_a = signed_in(*a, owner_username, owner_password);
  auto on_b = signed_in(*b, owner_username, owner_password);
  for (int i = 0; i < 20; ++i) {
    const auto before = on_b->get("/api/v1/users/u-carol");
    const std::string name = "Carol" + std::to_string(i);
    const auto edited = on_a->patch("/api/v1/users/u-carol", {{"first_name", name}}, before.header("ETag"));
    ASSERT_EQ(edited.status, 200) << edited.text;
    const auto seen = on_b->get("/api/v1/users/u-carol");  // no wait: the commit came before A's answer
    EXPECT_EQ(seen.body["first_name"], name);
    EXPECT_EQ(seen.header("ETag"), edited.header("ETag"));
  }
  const auto invited = on_b->post("/api/v1/invitations", {{"text", "seen@ext.example"}, {"access", developer}});
  ASSERT_EQ(invited.status, 201) << invited.text;
  const auto list = on_a->get("/api/v1/users?search=seen");
  ASSERT_EQ(list.body["users"].size(), 1u) << list.text;
  EXPECT_EQ(list.body["users"][0]["username"], "seen@ext.example");
}

// The same address invited from both instances at once: exactly one invitation; the other
// request gets the answer a later duplicate gets (422 address_in_use), never a second one.
TEST_F(TwoInstances, ConcurrentInvitationsOfOneAddressMakeOneInvitation) {
  auto on_a = signed_in(*a, owner_username, owner_password);
  auto on_b = signed_in(*b, "alice@example.org", demo_password);
  for (int round = 0; round < 10; ++round) {
    const std::string address = "race" + std::to_string(round) + "@ext.example";
    const json body = {{"text", address}, {"access", developer}};
    Reply ra, rb;
    at_once([&] { ra = on_a->post("/api/v1/invitations", body); }, [&] { rb = on_b->post("/api/v1/invitations", body); });
    const std::multiset<int> statuses = {ra.status, rb.status};
    EXPECT_EQ(statuses, (std::multiset<int>{201, 422})) << ra.text << "\n" << rb.text;
    const Reply& refused = ra.status == 201 ? rb : ra;
    ASSERT_TRUE(refused.body["error"]["items"].is_array()) << refused.text;
    EXPECT_EQ(refused.body["error"]["items"][0]["code"], "address_in_use") << refused.text;
    EXPECT_EQ(count_rows(ws, "SELECT count(*) FROM invitations WHERE email = '" + address + "'"), 1);
    EXPECT_EQ(count_rows(ws, "SELECT count(*) FROM directory_users WHERE username_key = '" + address + "'"), 1);
  }
}

// One user edited from both instances with the same If-Match: one 200, one 412.
TEST_F(TwoInstances, ConcurrentEditsWithOneVersionGiveOneSuccessAndOne412) {
  auto on_a = signed_in(*a, owner_username, owner_password);
  auto on_b = signed_in(*b, "alice@example.org", demo_password);
  for (int round = 0; round < 10; ++round) {
    const std::string etag = on_a->get("/api/v1/users/u-bob").header("ETag");
    Reply ra, rb;
    at_once([&] { ra = on_a->patch("/api/v1/users/u-bob", {{"last_name", "A" + std::to_string(round)}}, etag); },
            [&] { rb = on_b->patch("/api/v1/users/u-bob", {{"last_name", "B" + std::to_string(round)}}, etag); });
    const std::multiset<int> statuses = {ra.status, rb.status};
    ASSERT_EQ(statuses, (std::multiset<int>{200, 412})) << ra.text << "\n" << rb.text;
    const Reply& won = ra.status == 200 ? ra : rb;
    const Reply& lost = ra.status == 200 ? rb : ra;
    EXPECT_EQ(lost.code(), "version_mismatch");
    const auto now = on_b->get("/api/v1/users/u-bob");
    EXPECT_EQ(now.body["last_name"], won.body["last_name"]);  // the winner's change, not a mix
    EXPECT_EQ(now.header("ETag"), "\"" + std::to_string(std::stoi(etag.substr(1)) + 1) + "\"");
  }
}

// A read answers from one snapshot: while B changes Carol's role back and forth, every
// page A lists by role has a total that agrees with its rows (the count and the page are two
// statements, and without one snapshot a commit between them made them differ).
TEST_F(TwoInstances, AListsTotalAgreesWithItsRowsWhileTheOtherWrites) {
  auto on_a = signed_in(*a, owner_username, owner_password);
  auto on_b = signed_in(*b, owner_username, owner_password);
  std::atomic<bool> done{false};
  int edits = 0;
  std::thread writer([&] {
    for (; edits < 150 && !done; ++edits) {
      const std::string etag = on_b->get("/api/v1/users/u-carol").header("ETag");
      const json access = {{"roles", {edits % 2 ? "developer" : "marketer"}}};
      const auto edited = on_b->patch("/api/v1/users/u-carol", {{"access", access}}, etag);
      if (edited.status != 200) {
        ADD_FAILURE() << edited.text;
        break;
      }
    }
    done = true;
  });
  int reads = 0, with_carol = 0;
  while (!done) {
    const auto page = on_a->get("/api/v1/users?role=marketer&limit=200");
    ++reads;
    const auto& users = page.body["users"];
    if (page.status != 200 || page.body["total"] != users.size()) {
      ADD_FAILURE() << "read " << reads << ": " << page.text;
      break;
    }
    for (const auto& u : users) with_carol += u["id"] == "u-carol";
  }
  done = true;
  writer.join();
  EXPECT_EQ(edits, 150);
  EXPECT_GT(with_carol, 0);  // the reads did see Carol's changes happen
  EXPECT_LT(with_carol, reads);
}

// Both instances' mail workers (4 each) take from one outbox: every message is written once,
// by one of them, and none twice.
TEST_F(TwoInstances, MailWorkersOfBothSendEachMessageOnce) {
  auto on_a = signed_in(*a, owner_username, owner_password);
  auto on_b = signed_in(*b, owner_username, owner_password);
  const std::size_t before = eml_names(mail_a()).size() + eml_names(mail_b()).size();
  for (int request = 0; request < 20; ++request) {
    std::string text;
    for (int i = 0; i < 10; ++i) text += "bulk" + std::to_string(request * 10 + i) + "@mail.example,";
    Client& via = request % 2 ? *on_b : *on_a;
    ASSERT_EQ(via.post("/api/v1/invitations", {{"text", text}, {"access", developer}}).status, 201);
  }
  const std::size_t expected = before + 200;
  std::set<std::string> from_a, from_b;
  for (int i = 0; i < 2000; ++i) {
    from_a = eml_names(mail_a());
    from_b = eml_names(mail_b());
    if (from_a.size() + from_b.size() >= expected) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // anything still coming would be a duplicate
  from_a = eml_names(mail_a());
  from_b = eml_names(mail_b());
  EXPECT_EQ(from_a.size() + from_b.size(), expected);
  std::set<std::string> both = from_a;
  both.insert(from_b.begin(), from_b.end());
  EXPECT_EQ(both.size(), expected) << "a message was written by both instances";
  EXPECT_EQ(count_rows(ws, "SELECT count(*) FROM outbox WHERE state <> 'sent'"), 0);
  EXPECT_EQ(count_rows(ws, "SELECT count(*) FROM mail_attempts"), static_cast<std::int64_t>(expected));
  std::printf("mail: %zu written by A, %zu by B\n", from_a.size(), from_b.size());
}

// R-UM14: after the retention, both instances purge at once (each history read purges);
// every old visit is deleted (once: the deletes are idempotent), newer visits stay.
TEST_F(TwoInstances, HistoryPurgeOfBothDeletesEachOldVisitOnce) {
  auto carol = signed_in(*a, "carol@example.org", demo_password);
  for (int i = 0; i < 50; ++i)
    ASSERT_EQ(carol->post("/api/v1/activity", {{"path", "/old/" + std::to_string(i)}}).status, 200);
  ws.advance(31 * 86400);
  auto carol_b = signed_in(*b, "carol@example.org", demo_password);
  ASSERT_EQ(carol_b->post("/api/v1/activity", {{"path", "/new"}}).status, 200);
  auto on_a = signed_in(*a, owner_username, owner_password);
  auto on_b = signed_in(*b, owner_username, owner_password);
  Reply ra, rb;
  at_once([&] { ra = on_a->get("/api/v1/users/u-carol/history"); },
          [&] { rb = on_b->get("/api/v1/users/u-carol/history"); });
  ASSERT_EQ(ra.status, 200) << ra.text;
  ASSERT_EQ(rb.status, 200) << rb.text;
  for (const Reply* r : {&ra, &rb}) {
    ASSERT_EQ(r->body["visits"].size(), 1u) << r->text;
    EXPECT_EQ(r->body["visits"][0]["path"], "/new");
  }
  EXPECT_EQ(count_rows(ws, "SELECT count(*) FROM visits WHERE user_id = 'u-carol' AND path LIKE '/old/%'"), 0);
  EXPECT_EQ(count_rows(ws, "SELECT count(*) FROM visits WHERE user_id = 'u-carol' AND path = '/new'"), 1);
}

}  // namespace
}  // namespace pcu_test
