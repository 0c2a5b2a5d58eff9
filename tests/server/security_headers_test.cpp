// Web security headers on every response, API and console alike (issue 8): a Content-Security-
// Policy (the console's allows its own scripts and WebAssembly and nothing inline; the API's
// allows nothing), frame-ancestors 'none', X-Content-Type-Options: nosniff, Referrer-Policy.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "server_process.hpp"

namespace pcu_test {
namespace {

class SecurityHeaders : public ::testing::Test {
 protected:
  void SetUp() override {
    ws.init_demo();
    static_dir = ws.dir + "/static";
    fs::create_directories(static_dir);
    std::ofstream(static_dir + "/index.html") << "<!doctype html><title>t</title><script src=\"app.js\"></script>\n";
    std::ofstream(static_dir + "/app.js") << "console.log('x');\n";
    server = std::make_unique<ServerProcess>(ws, std::vector<std::string>{"--mail", "dir:" + ws.mail, "--static",
                                                                          static_dir});
  }

  static void expect_common(const Reply& r, const std::string& what) {
    SCOPED_TRACE(what);
    EXPECT_EQ(r.header("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(r.header("Referrer-Policy"), "no-referrer");
    EXPECT_EQ(r.header("X-Frame-Options"), "DENY");
    EXPECT_NE(r.header("Content-Security-Policy").find("frame-ancestors 'none'"), std::string::npos);
  }

  Workspace ws;
  std::string static_dir;
  std::unique_ptr<ServerProcess> server;
};

TEST_F(SecurityHeaders, EveryApiAnswerCarriesThemAndAllowsNoContent) {
  Client c(server->port);
  const std::vector<std::pair<std::string, Reply>> answers = {
      {"health", c.get("/api/v1/health")},
      {"openapi", c.get("/api/v1/openapi.json")},
      {"401 unauthenticated", c.get("/api/v1/users")},
      {"404 unknown route", c.get("/api/v1/nothing-here")},
      {"401 failed sign-in", c.sign_in(owner_username, "wrong-Password-1")},
      {"400 bad json", c.send("POST", "/api/v1/session", "{")},
  };
  for (const auto& [what, r] : answers) {
    ASSERT_NE(r.status, 0) << what;
    expect_common(r, what);
    EXPECT_EQ(r.header("Content-Security-Policy"), "default-src 'none'; frame-ancestors 'none'; sandbox") << what;
  }
  Client o(server->port);
  const auto signed_in = o.sign_in(owner_username, owner_password);
  ASSERT_EQ(signed_in.status, 200);
  expect_common(signed_in, "sign-in");
  expect_common(o.get("/api/v1/users?limit=5"), "users list");
}

TEST_F(SecurityHeaders, ConsoleFilesGetThePolicyOfAWebAssemblyApp) {
  Client c(server->port);
  for (const std::string path : {"/", "/index.html", "/app.js", "/missing.js"}) {
    const auto r = c.get(path);
    ASSERT_NE(r.status, 0) << path;
    EXPECT_EQ(r.status, path == "/missing.js" ? 404 : 200) << path;
    expect_common(r, path);
    const auto csp = r.header("Content-Security-Policy");
    EXPECT_NE(csp.find("default-src 'none'"), std::string::npos) << csp;
    EXPECT_NE(csp.find("script-src 'self' 'wasm-unsafe-eval';"), std::string::npos) << csp;
    EXPECT_NE(csp.find("connect-src 'self'"), std::string::npos) << csp;
    EXPECT_NE(csp.find("style-src 'self'"), std::string::npos) << csp;
    EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << csp;
    EXPECT_EQ(csp.find("'unsafe-eval'"), std::string::npos) << csp;
  }
}

// The console page itself keeps to that policy: no inline script, style or event handler.
TEST_F(SecurityHeaders, ConsolePageHasNothingInline) {
  const fs::path index = fs::path(PCU_OPENAPI_PATH).parent_path().parent_path() / "web/static/index.html";
  const auto html = read_text(index.string());
  ASSERT_FALSE(html.empty()) << index;
  EXPECT_FALSE(std::regex_search(html, std::regex("<script(?![^>]*\\bsrc=)[^>]*>", std::regex::ECMAScript)))
      << "inline <script>";
  EXPECT_EQ(html.find("<style"), std::string::npos) << "inline <style>";
  EXPECT_FALSE(std::regex_search(html, std::regex("\\son[a-z]+\\s*=", std::regex::icase))) << "inline handler";
  EXPECT_EQ(html.find(" style="), std::string::npos) << "style attribute";
}

}  // namespace
}  // namespace pcu_test
