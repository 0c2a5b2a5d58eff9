// nginx from Debian on loopback in front of two pcu-server instances on one PostgreSQL
// database, configured by docs/nginx-pcusers.conf (PostgreSQL only; skipped without
// PCU_TEST_POSTGRES or without /usr/sbin/nginx): requests are spread over both instances,
// one signed-in browser works through either, and losing an instance loses no request.
#include <gtest/gtest.h>

#include <set>

#include "server_fixture.hpp"

namespace pcu_test {
namespace {

constexpr const char* nginx_path = "/usr/sbin/nginx";

// nginx with docs/nginx-pcusers.conf filled in, in the foreground; stopped when destroyed.
class NginxProcess {
 public:
  NginxProcess(const std::string& prefix, const std::vector<int>& instance_ports) {
    port = free_port();
    std::string servers;
    for (const int p : instance_ports)
      servers += "    server 127.0.0.1:" + std::to_string(p) + " max_fails=1 fail_timeout=10s;\n";
    std::string conf = read_text(PCU_NGINX_TEMPLATE_PATH);
    const auto fill = [&](const std::string& field, const std::string& value) {
      for (auto at = conf.find(field); at != std::string::npos; at = conf.find(field, at + value.size()))
        conf.replace(at, field.size(), value);
    };
    fill("{{USER}}", ::geteuid() == 0 ? "user root;" : "");
    fill("{{PREFIX}}", prefix);
    fill("{{SERVERS}}", servers);
    fill("{{LISTEN}}", "127.0.0.1:" + std::to_string(port));
    fs::create_directories(prefix);
    const std::string conf_path = prefix + "/nginx.conf";
    std::ofstream(conf_path) << conf;
    const std::vector<std::string> args = {nginx_path, "-p", prefix, "-c", conf_path};
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    const std::string log = prefix + "/stderr.log";
    posix_spawn_file_actions_addopen(&actions, 2, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ) != 0)
      throw std::runtime_error("cannot start nginx");
    posix_spawn_file_actions_destroy(&actions);
    httplib::Client probe("127.0.0.1", port);
    for (int i = 0; i < 500; ++i) {
      if (auto r = probe.Get("/api/v1/health"); r && r->status == 200) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    throw std::runtime_error("nginx did not answer: " + read_text(log) + read_text(prefix + "/error.log"));
  }
  ~NginxProcess() {
    ::kill(pid_, SIGQUIT);  // graceful: the master stops its workers
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  NginxProcess(const NginxProcess&) = delete;
  NginxProcess& operator=(const NginxProcess&) = delete;

  int port = 0;

 private:
  pid_t pid_ = 0;
};

class BehindNginx : public ::testing::Test {
 protected:
  void SetUp() override {
    PCU_SKIP_UNLESS_AVAILABLE(ws);
    if (!fs::exists(nginx_path)) GTEST_SKIP() << "no nginx at " << nginx_path << " (run scripts/setup)";
    ws.init_demo();
    a = std::make_unique<ServerProcess>(ws, std::vector<std::string>{"--mail", "dir:" + ws.mail});
    b = std::make_unique<ServerProcess>(ws, std::vector<std::string>{"--mail", "dir:" + ws.mail});
    nginx = std::make_unique<NginxProcess>(ws.dir + "/nginx", std::vector<int>{a->port, b->port});
  }
  void TearDown() override {
    nginx.reset();
    a.reset();
    b.reset();
  }

  Workspace ws{"postgres"};
  std::unique_ptr<ServerProcess> a, b;
  std::unique_ptr<NginxProcess> nginx;
};

TEST_F(BehindNginx, OneBrowserIsServedByBothInstances) {
  Client browser(nginx->port);
  ASSERT_EQ(browser.sign_in(owner_username, owner_password).status, 200);
  std::set<std::string> upstreams;
  for (int i = 0; i < 20; ++i) {
    const std::string name = "Carol" + std::to_string(i);
    const auto before = browser.get("/api/v1/users/u-carol");
    ASSERT_EQ(before.status, 200) << before.text;
    upstreams.insert(before.header("X-Upstream"));
    const auto edited = browser.patch("/api/v1/users/u-carol", {{"first_name", name}}, before.header("ETag"));
    ASSERT_EQ(edited.status, 200) << edited.text;
    upstreams.insert(edited.header("X-Upstream"));
    const auto seen = browser.get("/api/v1/users/u-carol");  // maybe the other instance: same answer
    EXPECT_EQ(seen.body["first_name"], name);
  }
  EXPECT_EQ(upstreams, (std::set<std::string>{"127.0.0.1:" + std::to_string(a->port),
                                             "127.0.0.1:" + std::to_string(b->port)}));
  const auto invited =
      browser.post("/api/v1/invitations", {{"text", "via-nginx@ext.example"}, {"access", {{"roles", {"developer"}}}}});
  EXPECT_EQ(invited.status, 201) << invited.text;
  EXPECT_FALSE(invitation_token(ws, "via-nginx@ext.example").empty());  // one of the two mailed it
}

// An instance goes away: every request still gets its answer from the other.
TEST_F(BehindNginx, AnInstanceStoppingLosesNoRequest) {
  Client browser(nginx->port);
  ASSERT_EQ(browser.sign_in(owner_username, owner_password).status, 200);
  a.reset();  // SIGTERM: instance A is gone
  for (int i = 0; i < 10; ++i) {
    const auto list = browser.get("/api/v1/users?limit=5");
    ASSERT_EQ(list.status, 200) << list.text;
    EXPECT_EQ(list.header("X-Upstream").find("127.0.0.1:" + std::to_string(b->port)) != std::string::npos, true)
        << list.header("X-Upstream");
  }
  EXPECT_EQ(browser.post("/api/v1/activity", {{"path", "/users"}}).status, 200);
}

}  // namespace
}  // namespace pcu_test
