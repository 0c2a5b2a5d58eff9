// Invitation links (issue 3): since 2026-11-29 a link's token starts with the milliseconds it
// was made at (its first 8 characters) and is stored as that time in 12 hex digits followed by
// its SHA-256, so new keys land at the right edge of the token index. Links mailed before are
// stored by their hash alone and must keep working until they expire.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <thread>
#include <vector>

#include "server_fixture.hpp"

namespace pcu_test {
namespace {

std::string sha256_hex(const Workspace& ws, const std::string& text) {
  const std::string file = ws.dir + "/sha256-input";
  std::ofstream(file, std::ios::binary) << text;
  std::string out;
  EXPECT_EQ(run_program({"/usr/bin/sha256sum", file}, &out), 0);
  return out.substr(0, 64);
}

// The 48 bits in a token's first 8 base64url characters: the milliseconds it was made at.
std::uint64_t token_time(const std::string& token) {
  static const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::uint64_t ms = 0;
  for (char c : token.substr(0, 8)) ms = ms << 6 | alphabet.find(c);
  return ms;
}

std::uint64_t now_ms() {
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count());
}

std::string hex12(std::uint64_t ms) {
  char out[13];
  std::snprintf(out, sizeof out, "%012llx", static_cast<unsigned long long>(ms));
  return out;
}

// The stored key of the invitation of `email` (addresses of these tests have no quotes).
std::string stored_key(const Workspace& ws, const std::string& email) {
  const auto rows = SqliteReader(ws.db).rows("SELECT token_hash FROM invitations WHERE email = '" + email + "'");
  return rows.empty() ? std::string() : rows[0].at(0).value_or("");
}

// R-UM8: a new link is stored as its time prefix and hash, never in clear; a link stored the
// earlier way (hash alone) is still accepted.
TEST(InvitationLinks, NewLinksAreStoredOrderedAndEarlierLinksStillWork) {
  Workspace ws("sqlite");
  ws.init_demo();
  auto server = std::make_unique<ServerProcess>(ws);
  std::string first, second;
  const std::uint64_t before = now_ms();
  {
    Client o(server->port);
    ASSERT_EQ(o.sign_in(owner_username, owner_password).status, 200);
    const json developer = {{"roles", {"developer"}}};
    ASSERT_EQ(o.post("/api/v1/invitations", {{"text", "first@ext.example"}, {"access", developer}}).status, 201);
    ASSERT_EQ(o.post("/api/v1/invitations", {{"text", "second@ext.example"}, {"access", developer}}).status, 201);
    first = invitation_token(ws, "first@ext.example");
    second = invitation_token(ws, "second@ext.example");
  }
  const std::uint64_t after = now_ms();
  ASSERT_EQ(first.size(), 43u);
  ASSERT_EQ(second.size(), 43u);
  EXPECT_GE(token_time(first), before);
  EXPECT_LE(token_time(first), token_time(second));
  EXPECT_LE(token_time(second), after);
  const std::string first_key = stored_key(ws, "first@ext.example");
  EXPECT_EQ(first_key, hex12(token_time(first)) + sha256_hex(ws, first));
  EXPECT_EQ(first_key.find(first), std::string::npos) << "the token is stored in clear";
  // (Their time parts only: two links made in one millisecond are ordered by their hashes.)
  EXPECT_LE(first_key.substr(0, 12), stored_key(ws, "second@ext.example").substr(0, 12))
      << "keys made later sort later";

  // The second invitation as a link mailed before ordered tokens: a token of any shape,
  // stored by its hash alone. (Written while no server runs: one process owns the file.)
  server.reset();
  const std::string earlier(43, 'Q');
  execute_sqlite(ws.db, "UPDATE invitations SET token_hash = '" + sha256_hex(ws, earlier) +
                     "' WHERE email = 'second@ext.example'");
  server = std::make_unique<ServerProcess>(ws);

  Client anyone(server->port);
  EXPECT_EQ(anyone.post("/api/v1/invitations/accept", {{"token", second}, {"password", "Second-pass-1"}}).status, 404)
      << "the replaced key still answers";
  const auto accepted = anyone.post("/api/v1/invitations/accept", {{"token", earlier}, {"password", "Second-pass-1"}});
  EXPECT_EQ(accepted.status, 200) << accepted.text;
  const auto ordered = anyone.post("/api/v1/invitations/accept", {{"token", first}, {"password", "First-pass-12"}});
  EXPECT_EQ(ordered.status, 200) << ordered.text;
  EXPECT_EQ(Client(server->port).sign_in("second@ext.example", "Second-pass-1").status, 200);
}

// R-UM8: keys of links made one after another over half a second sort in the order they were
// made. (The time prefix was once the token's own base64url characters, whose ASCII order is
// not their value's: '6' is 58 but sorts before 'P', 15.)
TEST(InvitationLinks, KeysSortInTheOrderTheLinksWereMade) {
  Workspace ws("sqlite");
  ws.init_demo();
  ServerProcess server(ws);
  Client o(server.port);
  ASSERT_EQ(o.sign_in(owner_username, owner_password).status, 200);
  const json developer = {{"roles", {"developer"}}};
  std::vector<std::string> keys;
  for (int i = 0; i < 12; ++i) {
    const std::string email = "order" + std::to_string(i) + "@ext.example";
    ASSERT_EQ(o.post("/api/v1/invitations", {{"text", email}, {"access", developer}}).status, 201);
    std::this_thread::sleep_for(std::chrono::milliseconds(45));
    keys.push_back(stored_key(ws, email));
    ASSERT_EQ(keys.back().substr(0, 12), hex12(token_time(invitation_token(ws, email))));
  }
  EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end())) << "first " << keys.front() << ", last " << keys.back();
  EXPECT_LT(keys.front(), keys.back());
}

}  // namespace
}  // namespace pcu_test
