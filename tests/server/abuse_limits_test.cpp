// Abuse limits (issue 8): header sizes (431), over-long addresses (414), slow clients (read
// timeouts), invitation and resend rates per user, and page size caps on every list route.
#include <gtest/gtest.h>

#include <chrono>
#include <set>

#include <pcu/limits.hpp>

#include "raw_http.hpp"
#include "server_fixture.hpp"

namespace pcu_test {
namespace {

std::vector<std::string> serve_args(const Workspace& ws, std::vector<std::string> extra) {
  std::vector<std::string> args = {"--mail", "dir:" + ws.mail};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

using AbuseLimits = ServerTest;
PCU_ON_EVERY_BACKEND(AbuseLimits);

// One header line over cpp-httplib's 8 KiB, and many lines over --header-max (16 KiB): 431.
TEST_P(AbuseLimits, OversizeHeadersGet431) {
  Client c(server->port);
  const auto long_line = c.send("GET", "/api/v1/health", "", {{"X-Filler", std::string(10000, 'a')}});
  EXPECT_EQ(long_line.status, 431) << long_line.text;
  EXPECT_EQ(long_line.code(), "headers_too_large");

  httplib::Headers many;
  for (int i = 0; i < 40; ++i) many.emplace("X-Filler-" + std::to_string(i), std::string(1000, 'b'));
  Client c2(server->port);
  const auto many_lines = c2.send("GET", "/api/v1/health", "", many);
  EXPECT_EQ(many_lines.status, 431) << many_lines.text;
  EXPECT_EQ(many_lines.code(), "headers_too_large");
  EXPECT_EQ(many_lines.header("X-Content-Type-Options"), "nosniff");

  httplib::Headers some;
  for (int i = 0; i < 10; ++i) some.emplace("X-Filler-" + std::to_string(i), std::string(1000, 'c'));
  Client c3(server->port);
  EXPECT_EQ(c3.send("GET", "/api/v1/health", "", some).status, 200);

  Client c4(server->port);
  const auto long_uri = c4.get("/api/v1/users?query=" + std::string(9000, 'q'));
  EXPECT_EQ(long_uri.status, 414) << long_uri.text;
  EXPECT_EQ(long_uri.code(), "uri_too_long");
}

// A body that is not JSON is refused before any route reads it: a cross-site form cannot post
// to the routes that need no session (sign-in, acceptance, recovery).
TEST_P(AbuseLimits, NonJsonBodiesGet415) {
  const std::string before = dump_database(ws);
  httplib::Client http("127.0.0.1", server->port);
  for (const std::string path : {"/api/v1/session", "/api/v1/password-recovery", "/api/v1/invitations/accept",
                                 "/api/v1/password-recovery/complete"}) {
    for (const std::string type :
         {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data", "application/jsonp"}) {
      const auto r = http.Post(path.c_str(), R"({"username":"alice@example.org","password":"Demo-pass-1"})",
                               type.c_str());
      ASSERT_TRUE(r) << path;
      EXPECT_EQ(r->status, 415) << path << " " << type;
      EXPECT_EQ(json::parse(r->body)["error"]["code"], "unsupported_media_type");
    }
  }
  EXPECT_EQ(dump_database(ws), before);
  // The media type is compared without its parameters and in any case.
  const auto r = http.Post("/api/v1/session", R"({"username":"alice@example.org","password":"Demo-pass-1"})",
                           "Application/JSON; Charset=UTF-8");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
}

// HTTP/1.1 request bodies (RFC 9112 6.3): a chunked one is refused before it is read (411),
// since cpp-httplib 0.11 would read it whole before its size limit, with no session needed,
// and a client that asked "Expect: 100-continue" is refused without being told to go on. One
// with neither Transfer-Encoding nor Content-Length is empty, where the library would read a
// POST's until the client closes.
TEST_P(AbuseLimits, ChunkedBodiesGet411AndNoLengthMeansNoBody) {
  const std::string before = dump_database(ws);
  const std::string chunked_head =
      "POST /api/v1/invitations/accept HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
      "Transfer-Encoding: chunked\r\n";
  RawConnection chunked(server->port);
  chunked.send_text(chunked_head + "\r\n10000\r\n" + std::string(65536, 'a'));  // a body that never ends
  const std::string refused = chunked.read_until_closed(3000);
  EXPECT_EQ(raw_status(refused), 411) << refused;
  EXPECT_NE(refused.find("\"length_required\""), std::string::npos) << refused;

  RawConnection expecting(server->port);
  expecting.send_text(chunked_head + "Expect: 100-continue\r\n\r\n");
  const std::string answer_first = expecting.read_until_closed(3000);
  EXPECT_EQ(raw_status(answer_first), 411) << answer_first;
  EXPECT_EQ(dump_database(ws), before);

  Client alice(server->port);
  ASSERT_EQ(alice.sign_in("alice@example.org", demo_password).status, 200);
  RawConnection reset(server->port);  // a POST whose route takes no body
  reset.send_text("POST /api/v1/users/u-frank/password-reset HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                  "Cookie: " + alice.cookie() + "\r\nX-CSRF-Token: " + alice.csrf + "\r\n\r\n");
  const std::string answer = reset.read_until_closed(3000);
  EXPECT_EQ(raw_status(answer), 200) << answer;
  EXPECT_NE(answer.find("\"temporary_password\""), std::string::npos) << answer;
}

// Half a request, then silence: the server hangs up after --read-timeout, and serves others.
TEST(SlowClients, AreCutOffAfterTheReadTimeout) {
  Workspace ws;
  ws.init_demo();
  ServerProcess server(ws, serve_args(ws, {"--read-timeout", "1"}));
  const std::vector<std::pair<std::string, std::string>> halves = {
      {"headers", "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "},
      {"body", "POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
               "Content-Length: 200\r\n\r\n{\"username\":"},
  };
  for (const auto& [what, half] : halves) {
    RawConnection slow(server.port);
    const auto start = std::chrono::steady_clock::now();
    slow.send_text(half);
    bool closed = false;
    slow.read_until_closed(15000, &closed);
    const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_TRUE(closed) << what << ": still open after 15 s";
    EXPECT_GE(seconds, 0.8) << what;
    EXPECT_LT(seconds, 8.0) << what;  // 1 s, with room for a loaded machine and sanitizers
  }
  EXPECT_EQ(Client(server.port).get("/api/v1/health").status, 200);
}

using InviteRate = BackendTest;
PCU_ON_EVERY_BACKEND(InviteRate);

// R-UM9 (beyond): invitation creations and resends share one budget per signed-in user:
// --invite-rate a minute, refilled with the clock; then 429 invite_rate_exceeded with
// Retry-After, and the refused request changes nothing.
TEST_P(InviteRate, IsLimitedPerUserAndRefills) {
  ws.init_demo();
  ServerProcess server(ws, serve_args(ws, {"--invite-rate", "3"}));
  Client owner(server.port), alice(server.port);
  ASSERT_EQ(owner.sign_in(owner_username, owner_password).status, 200);
  ASSERT_EQ(alice.sign_in("alice@example.org", demo_password).status, 200);

  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    const auto r = owner.post("/api/v1/invitations",
                              {{"text", "rate" + std::to_string(i) + "@ext.example"}, {"access", {{"roles", {"developer"}}}}});
    ASSERT_EQ(r.status, 201) << r.text;
    ids.push_back(r.body["invitations"][0]["id"]);
  }
  wait_for_outbox(ws);  // the three messages are delivered before the dump
  const std::string before = dump_database(ws);
  const auto refused =
      owner.post("/api/v1/invitations", {{"text", "rate9@ext.example"}, {"access", {{"roles", {"developer"}}}}});
  EXPECT_EQ(refused.status, 429) << refused.text;
  EXPECT_EQ(refused.code(), "invite_rate_exceeded");
  EXPECT_EQ(refused.header("Retry-After"), "20");  // one of 3 a minute comes back every 20 s
  EXPECT_EQ(dump_database(ws), before);

  // Another user has its own budget.
  const auto other =
      alice.post("/api/v1/invitations", {{"text", "alice1@ext.example"}, {"access", {{"roles", {"developer"}}}}});
  EXPECT_EQ(other.status, 201) << other.text;

  // A minute later the budget is full again, and resends take from it too.
  ws.advance(60);
  for (const auto& id : ids) EXPECT_EQ(owner.post("/api/v1/invitations/" + id + "/resend", json::object()).status, 200);
  const std::string alices = other.body["invitations"][0]["id"];  // not resent in the last minute
  const auto resend_refused = owner.post("/api/v1/invitations/" + alices + "/resend", json::object());
  EXPECT_EQ(resend_refused.status, 429);
  EXPECT_EQ(resend_refused.code(), "invite_rate_exceeded");
  ws.advance(20);
  EXPECT_EQ(owner.post("/api/v1/invitations", {{"text", "rate10@ext.example"}, {"access", {{"roles", {"developer"}}}}})
                .status,
            201);
}

// Refused requests take nothing from the budget (a text that is not an address, an invitation
// resent too soon): only invitations made or resent count.
TEST_P(InviteRate, RefusedRequestsDoNotCount) {
  ws.init_demo();
  ServerProcess server(ws, serve_args(ws, {"--invite-rate", "2"}));
  Client owner(server.port);
  ASSERT_EQ(owner.sign_in(owner_username, owner_password).status, 200);
  const json developer = {{"roles", {"developer"}}};
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(owner.post("/api/v1/invitations", {{"text", "bad@"}, {"access", developer}}).status, 422);
  const auto first = owner.post("/api/v1/invitations", {{"text", "good1@ext.example"}, {"access", developer}});
  ASSERT_EQ(first.status, 201) << first.text;
  const std::string id = first.body["invitations"][0]["id"];
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(owner.post("/api/v1/invitations/" + id + "/resend", json::object()).code(), "resend_too_soon");
  EXPECT_EQ(owner.post("/api/v1/invitations", {{"text", "good2@ext.example"}, {"access", developer}}).status, 201);
  const auto third = owner.post("/api/v1/invitations", {{"text", "good3@ext.example"}, {"access", developer}});
  EXPECT_EQ(third.status, 429);
  EXPECT_EQ(third.code(), "invite_rate_exceeded");
}

// R-UM12: anyone may ask for a user's recovery link, so a user is sent at most three recovery
// mails an hour (per server instance); further requests get the same 202 and send nothing.
TEST_P(AbuseLimits, RecoveryMailsPerUserAreCapped) {
  const auto mails_to = [&](const std::string& address) {
    return count_rows(ws, "SELECT count(*) FROM outbox WHERE to_addr = '" + address + "'");
  };
  const auto alice_before = mails_to("alice.recovery@mail.example");
  auto anyone = anonymous();
  for (int i = 0; i < 5; ++i) {
    const auto r = anyone->post("/api/v1/password-recovery", {{"username", "alice@example.org"}});
    EXPECT_EQ(r.status, 202) << r.text;
  }
  EXPECT_EQ(mails_to("alice.recovery@mail.example") - alice_before, 3);
  EXPECT_EQ(anyone->post("/api/v1/password-recovery", {{"username", "zed@contoso.example"}}).status, 202);
  EXPECT_EQ(mails_to("zed.recovery@mail.example"), 1);  // another user's mails are not held up
  ws.advance(1200);  // one of three an hour comes back every 20 minutes
  EXPECT_EQ(anyone->post("/api/v1/password-recovery", {{"username", "alice@example.org"}}).status, 202);
  EXPECT_EQ(mails_to("alice.recovery@mail.example") - alice_before, 4);
}

// --invite-rate 0 lifts the limit (the load benchmark uses it); the default is 60 a minute.
TEST_P(InviteRate, DefaultIsSixtyAMinuteAndZeroIsOff) {
  for (const bool off : {false, true}) {
    Workspace ws{current_backend()};
    ws.init_demo();
    ServerProcess server(ws, serve_args(ws, off ? std::vector<std::string>{"--invite-rate", "0"}
                                                : std::vector<std::string>{}));
    Client owner(server.port);
    ASSERT_EQ(owner.sign_in(owner_username, owner_password).status, 200);
    int created = 0, refused = 0;
    for (int i = 0; i < 61; ++i) {
      const auto r = owner.post("/api/v1/invitations",
                                {{"text", "bulk" + std::to_string(i) + "@ext.example"}, {"access", {{"roles", {"developer"}}}}});
      if (r.status == 201) ++created;
      else if (r.code() == "invite_rate_exceeded") ++refused;
    }
    EXPECT_EQ(created, off ? 61 : 60) << (off ? "off" : "default");
    EXPECT_EQ(refused, off ? 0 : 1);
  }
}

// Every list route caps `limit`: its maximum is accepted, one more is 400 invalid_parameter,
// and so are 0, negatives and words. Driven by `pcu-server routes`: every GET route is either
// in this table or known to be a single resource or a small whole list.
struct PagedRoute {
  std::string route;   // as `pcu-server routes` prints it
  std::string path;    // what is requested
  int max;
};

TEST_P(AbuseLimits, EveryListRouteCapsItsPageSize) {
  const std::vector<PagedRoute> paged = {
      {"GET /api/v1/users", "/api/v1/users", 200},
      {"GET /api/v1/directory/users", "/api/v1/directory/users", 200},
      {"GET /api/v1/invitations", "/api/v1/invitations", 1000},
      {"GET /api/v1/audit", "/api/v1/audit", 1000},
      {"GET /api/v1/audit", "/api/v1/audit?format=jsonl", 100000},
      {"GET /api/v1/users/{id}/history", "/api/v1/users/u-alice/history", 10000},
  };
  // Not pages: one resource, documents, or whole lists bounded by what the account creates.
  const std::set<std::string> unpaged = {
      "GET /api/v1/health",  "GET /api/v1/openapi.json", "GET /api/v1/session",     "GET /api/v1/tenants",
      "GET /api/v1/users/{id}", "GET /api/v1/groups",    "GET /api/v1/groups/{id}", "GET /api/v1/products",
  };
  std::string routes;
  ASSERT_EQ(run_program({PCU_SERVER_PATH, "routes"}, &routes), 0);
  std::istringstream lines(routes);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("GET ", 0) != 0) continue;
    const bool in_table =
        std::any_of(paged.begin(), paged.end(), [&](const PagedRoute& p) { return p.route == line; });
    EXPECT_TRUE(in_table || unpaged.count(line)) << line << ": a new GET route needs a page size decision";
  }

  auto o = owner();
  for (const auto& p : paged) {
    const std::string sep = p.path.find('?') == std::string::npos ? "?" : "&";
    EXPECT_EQ(o->get(p.path + sep + "limit=" + std::to_string(p.max)).status, 200) << p.path;
    const std::vector<std::string> bad_limits = {std::to_string(p.max + 1), "0", "-1", "ten", "99999999999999999999"};
    for (const auto& bad : bad_limits) {
      const auto r = o->get(p.path + sep + "limit=" + bad);
      EXPECT_EQ(r.status, 400) << p.path << " limit=" << bad;
      EXPECT_EQ(r.code(), "invalid_parameter") << p.path << " limit=" << bad;
      EXPECT_EQ(r.body["error"].value("field", ""), "limit") << p.path;
    }
  }
}

using SignInThrottle = BackendTest;
PCU_ON_EVERY_BACKEND(SignInThrottle);

// R-PW2 beyond: one client address trying many usernames is locked out as a whole, even for
// a username it has not tried and with the right password; the lock ends after the window.
TEST_P(SignInThrottle, OneAddressTryingManyUsernamesIsLockedOut) {
  ws.init_demo();
  ServerProcess server(ws, serve_args(ws, {"--address-lockout-failures", "4"}));
  Client c(server.port);
  for (const std::string user : {"alice@example.org", "bob@example.org", "carol@example.org"})
    EXPECT_EQ(c.sign_in(user, "Wrong-pass-1").status, 401) << user;
  EXPECT_EQ(c.sign_in("nobody@example.org", "Wrong-pass-1").status, 401);  // the 4th: locks the address
  const auto locked = c.sign_in("dave@example.org", demo_password);
  EXPECT_EQ(locked.status, 429) << locked.text;
  EXPECT_EQ(locked.code(), "sign_in_locked_address");
  EXPECT_FALSE(locked.header("Retry-After").empty());
  ws.advance(15 * 60 + 1);
  EXPECT_EQ(c.sign_in("dave@example.org", demo_password).status, 200);
}

// Behind a proxy every request comes from the proxy's address: with --trusted-proxy, the
// client named by X-Forwarded-For is counted instead, so one client does not lock out all.
TEST_P(SignInThrottle, BehindATrustedProxyTheForwardedClientIsCounted) {
  ws.init_demo();
  ServerProcess server(ws, serve_args(ws, {"--address-lockout-failures", "2", "--trusted-proxy", "127.0.0.1"}));
  httplib::Client http("127.0.0.1", server.port);
  const auto sign_in = [&](const std::string& from, const std::string& user, const std::string& password) {
    const httplib::Headers headers = {{"X-Forwarded-For", "203.0.113.9, " + from}};
    const auto r = http.Post("/api/v1/session", headers, json{{"username", user}, {"password", password}}.dump(),
                             "application/json");
    return r ? r->status : -1;
  };
  EXPECT_EQ(sign_in("198.51.100.1", "alice@example.org", "Wrong-pass-1"), 401);
  EXPECT_EQ(sign_in("198.51.100.1", "bob@example.org", "Wrong-pass-1"), 401);
  EXPECT_EQ(sign_in("198.51.100.1", "carol@example.org", demo_password), 429);
  EXPECT_EQ(sign_in("198.51.100.2", "carol@example.org", demo_password), 200);  // another client
}

// The groups list is answered whole, so a tenant's groups are capped: the next one is refused
// with 409 too_many_groups and nothing is written.
TEST_P(AbuseLimits, GroupsPerTenantAreCapped) {
  auto owner = this->owner();
  const auto existing = owner->get("/api/v1/groups");
  ASSERT_EQ(existing.status, 200);
  const std::size_t have = existing.body["groups"].size();
  ASSERT_LT(have, pcu::limits::groups_max);
  for (std::size_t i = have; i < pcu::limits::groups_max; ++i) {
    const auto r = owner->post("/api/v1/groups", {{"display_name", "Cap " + std::to_string(i)}});
    ASSERT_EQ(r.status, 201) << i << ": " << r.text;
  }
  const std::string before = dump_database(ws);
  const auto refused = owner->post("/api/v1/groups", {{"display_name", "One too many"}});
  EXPECT_EQ(refused.status, 409) << refused.text;
  EXPECT_EQ(refused.code(), "too_many_groups");
  EXPECT_EQ(dump_database(ws), before);
  EXPECT_EQ(owner->get("/api/v1/groups").body["groups"].size(), pcu::limits::groups_max);
}

}  // namespace
}  // namespace pcu_test
