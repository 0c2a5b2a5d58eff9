// smtp_sink.hpp: a real SMTP server for the mail tests: tests/server/smtp_sink.py under
// Debian's /usr/bin/python3 (aiosmtpd) on a loopback port, writing each message to a
// directory; plus reading those messages back.
#pragma once

#include "server_process.hpp"

namespace pcu_test {

class SmtpSink {
 public:
  // Listens on `port` (0: a free one); `reject` addresses get 550 at RCPT TO.
  SmtpSink(const std::string& directory, int port = 0, const std::vector<std::string>& reject = {},
           double delay_seconds = 0) {
    this->port = port ? port : free_port();
    this->directory = directory;
    std::vector<std::string> args = {"/usr/bin/python3", PCU_SMTP_SINK_PATH, "--port", std::to_string(this->port),
                                     "--dir", directory, "--delay", std::to_string(delay_seconds)};
    for (const auto& r : reject) args.insert(args.end(), {"--reject", r});
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    if (posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ) != 0)
      throw std::runtime_error("cannot start the SMTP sink");
    posix_spawn_file_actions_destroy(&actions);
    for (int i = 0; i < 1000 && !listening(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    if (!listening()) throw std::runtime_error("the SMTP sink did not start");
  }
  ~SmtpSink() {
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;

  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port); }

  int port = 0;
  std::string directory;

 private:
  bool listening() const {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    return ok;
  }
  pid_t pid_ = 0;
};

// One message the sink received.
struct ReceivedMail {
  std::string envelope_to;  // RCPT TO, as the sink recorded it
  std::string text;         // the whole message as sent

  // The first value of a header (names as pcu-server writes them), or "".
  std::string header(const std::string& name) const {
    const auto head_end = text.find("\r\n\r\n");
    const std::string key = "\r\n" + name + ": ";
    const auto at = ("\r\n" + text.substr(0, head_end)).find(key);
    if (at == std::string::npos) return {};
    const auto start = at + key.size() - 2;
    return text.substr(start, text.find("\r\n", start) - start);
  }
  // The token after `/#/PAGE/` in the first link of that page.
  std::string token(const std::string& page) const {
    const std::string marker = "/#/" + page + "/";
    const auto at = text.find(marker);
    if (at == std::string::npos) return {};
    const auto start = at + marker.size();
    return text.substr(start, text.find_first_of("\r\n\"<", start) - start);
  }
};

inline std::vector<ReceivedMail> received(const std::string& directory) {
  std::vector<ReceivedMail> out;
  if (!fs::exists(directory)) return out;
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(directory))
    if (e.path().extension() == ".eml") files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    std::string text = read_text(f);
    const auto eol = text.find("\r\n");
    ReceivedMail m;
    m.envelope_to = text.substr(std::string("X-Envelope-To: ").size(), eol - std::string("X-Envelope-To: ").size());
    m.text = text.substr(eol + 2);
    out.push_back(std::move(m));
  }
  return out;
}

// Messages to `address`, waiting up to `seconds` until there are at least `count`.
inline std::vector<ReceivedMail> wait_for_mail(const std::string& directory, const std::string& address,
                                               std::size_t count = 1, int seconds = 20) {
  std::vector<ReceivedMail> mine;
  for (int i = 0; i < seconds * 50; ++i) {
    mine.clear();
    for (auto& m : received(directory))
      if (m.envelope_to == address) mine.push_back(std::move(m));
    if (mine.size() >= count) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return mine;
}

}  // namespace pcu_test
