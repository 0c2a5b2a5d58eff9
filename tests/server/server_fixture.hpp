// server_fixture.hpp: a GoogleTest fixture with a fresh demo database and a running server.
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "server_process.hpp"

namespace pcu_test {

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
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

  Workspace ws;
  std::unique_ptr<ServerProcess> server;
};

}  // namespace pcu_test
