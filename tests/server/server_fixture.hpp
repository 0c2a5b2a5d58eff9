// server_fixture.hpp: a GoogleTest fixture with a fresh demo database and a running server,
// on either store. TEST_P tests of a suite instantiated with PCU_ON_EVERY_BACKEND(Suite) run
// once on SQLite and once on PostgreSQL (skipped when PCU_TEST_POSTGRES is unset); TEST_F
// tests of the same fixture run on SQLite only.
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "server_process.hpp"

namespace pcu_test {

// The backend of the running test: its parameter when it is a TEST_P of a backend suite,
// else "sqlite". (Reads the printed parameter, so a TEST_F never calls GetParam().)
inline std::string current_backend() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  if (!info || !info->value_param()) return "sqlite";
  return std::string(info->value_param()).find("postgres") != std::string::npos ? "postgres" : "sqlite";
}

inline constexpr const char* postgres_skip_message =
    "PostgreSQL: set PCU_TEST_POSTGRES to a libpq URL of a server where the tests may CREATE DATABASE "
    "(scripts/pg-cluster start DIR prints one)";

// Skips the running test when its workspace's backend is not available.
#define PCU_SKIP_UNLESS_AVAILABLE(ws)                                 \
  do {                                                                \
    if (!(ws).available()) GTEST_SKIP() << ::pcu_test::postgres_skip_message; \
  } while (0)

// Runs every TEST_P of `Suite` on SQLite and on PostgreSQL: Backend/Suite.Name/sqlite, .../postgres.
#define PCU_ON_EVERY_BACKEND(Suite)                                                                \
  INSTANTIATE_TEST_SUITE_P(Backend, Suite, ::testing::Values(std::string("sqlite"), std::string("postgres")), \
                           [](const ::testing::TestParamInfo<std::string>& info) { return info.param; })

// A workspace on the test's backend, no server: for tests that start their own.
class BackendTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override { PCU_SKIP_UNLESS_AVAILABLE(ws); }

  Workspace ws{current_backend()};
};

class ServerTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    PCU_SKIP_UNLESS_AVAILABLE(ws);
    ws.init_demo();
    server = std::make_unique<ServerProcess>(ws);
  }
  void TearDown() override { server.reset(); }

  std::unique_ptr<Client> anonymous() { return std::make_unique<Client>(server->port); }
  // A client signed in as `username` (demo users share demo_password).
  std::unique_ptr<Client> as(const std::string& username, const std::string& password = demo_password) {
    auto c = anonymous();
    const auto r = c->sign_in(username, password);
    EXPECT_EQ(r.status, 200) << username << ": " << r.text;
    return c;
  }
  std::unique_ptr<Client> owner() { return as(owner_username, owner_password); }

  Workspace ws{current_backend()};
  std::unique_ptr<ServerProcess> server;
};

}  // namespace pcu_test
