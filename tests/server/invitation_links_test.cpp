// Invitation links (issue 3): since 2026-11-29 a link's token starts with the milliseconds it
// was made at and is stored as those 8 characters followed by its SHA-256, so new keys land
// at the right edge of the token index. Links mailed before are stored by their hash alone
// and must keep working until they expire.
#include <gtest/gtest.h>

#include <fstream>

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

void execute(const std::string& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
  char* error = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  EXPECT_EQ(rc, SQLITE_OK) << (error ? error : "");
  sqlite3_free(error);
  sqlite3_close(db);
}

std::string stored_key(const Workspace& ws, const std::string& email) {
  sqlite3* db = nullptr;
  std::string key;
  if (sqlite3_open_v2(ws.db.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) return key;
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "SELECT token_hash FROM invitations WHERE email = ?", -1, &st, nullptr);
  sqlite3_bind_text(st, 1, email.c_str(), -1, SQLITE_TRANSIENT);
  if (sqlite3_step(st) == SQLITE_ROW) key = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  sqlite3_close(db);
  return key;
}

// R-UM8: a new link is stored as its time prefix and hash, never in clear; a link stored the
// earlier way (hash alone) is still accepted.
TEST(InvitationLinks, NewLinksAreStoredOrderedAndEarlierLinksStillWork) {
  Workspace ws("sqlite");
  ws.init_demo();
  auto server = std::make_unique<ServerProcess>(ws);
  std::string first, second;
  {
    Client o(server->port);
    ASSERT_EQ(o.sign_in(owner_username, owner_password).status, 200);
    const json developer = {{"roles", {"developer"}}};
    ASSERT_EQ(o.post("/api/v1/invitations", {{"text", "first@ext.example"}, {"access", developer}}).status, 201);
    ASSERT_EQ(o.post("/api/v1/invitations", {{"text", "second@ext.example"}, {"access", developer}}).status, 201);
    first = invitation_token(ws, "first@ext.example");
    second = invitation_token(ws, "second@ext.example");
  }
  ASSERT_EQ(first.size(), 43u);
  ASSERT_EQ(second.size(), 43u);
  const std::string first_key = stored_key(ws, "first@ext.example");
  EXPECT_EQ(first_key, first.substr(0, 8) + sha256_hex(ws, first));
  EXPECT_EQ(first_key.find(first), std::string::npos) << "the token is stored in clear";
  EXPECT_LE(first_key, stored_key(ws, "second@ext.example")) << "keys made later sort later";

  // The second invitation as a link mailed before ordered tokens: a token of any shape,
  // stored by its hash alone. (Written while no server runs: one process owns the file.)
  server.reset();
  const std::string earlier(43, 'Q');
  execute(ws.db, "UPDATE invitations SET token_hash = '" + sha256_hex(ws, earlier) +
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

}  // namespace
}  // namespace pcu_test
