#include "mail_dir.hpp"

#include <spdlog/spdlog.h>

#include <ctime>
#include <filesystem>
#include <fstream>

#include "tokens.hpp"

namespace pcu::server {

std::string rfc5322_message(const OutboxMessage& m, const std::string& from, const std::string& message_id) {
  char date[64];
  std::time_t t = static_cast<std::time_t>(m.created_at);
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  std::string body = m.body;
  // RFC 5322 lines end in CRLF.
  std::string crlf_body;
  for (char c : body) {
    if (c == '\n') crlf_body += "\r\n";
    else crlf_body += c;
  }
  return "From: " + from + "\r\nTo: " + m.to + "\r\nSubject: " + m.subject + "\r\nDate: " + date +
         "\r\nMessage-ID: <" + message_id + ">\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
         "Content-Transfer-Encoding: 8bit\r\n\r\n" + crlf_body + "\r\n";
}

MailDirDeliverer::MailDirDeliverer(std::string directory, std::string from)
    : directory_(std::move(directory)), from_(std::move(from)) {
  std::filesystem::create_directories(directory_);
}

bool MailDirDeliverer::deliver(const OutboxMessage& m) {
  const std::string id = std::to_string(m.id) + "." + random_id("") + "@pcusers.invalid";
  char name[32];
  std::snprintf(name, sizeof name, "%010lld", static_cast<long long>(m.id));
  const auto final_path = std::filesystem::path(directory_) / (std::string(name) + ".eml");
  const auto temp_path = std::filesystem::path(directory_) / (std::string(name) + ".eml.tmp");
  {
    std::ofstream out(temp_path, std::ios::binary | std::ios::trunc);
    out << rfc5322_message(m, from_, id);
    if (!out) {
      spdlog::error("cannot write {}", temp_path.string());
      return false;
    }
  }
  std::error_code ec;
  std::filesystem::rename(temp_path, final_path, ec);  // readers never see half a file
  if (ec) spdlog::error("cannot rename {}: {}", temp_path.string(), ec.message());
  return !ec;
}

OutboxPump::OutboxPump(Store& store, const Clock& clock, std::unique_ptr<Deliverer> deliverer)
    : store_(store), clock_(clock), deliverer_(std::move(deliverer)), thread_([this] { run(); }) {}

OutboxPump::~OutboxPump() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void OutboxPump::wake() {
  {
    std::lock_guard lock(mutex_);
    pending_ = true;
  }
  cv_.notify_one();
}

void OutboxPump::run() {
  while (true) {
    {
      std::unique_lock lock(mutex_);
      cv_.wait_for(lock, std::chrono::seconds(5), [this] { return pending_ || stopping_; });
      if (stopping_) return;
      pending_ = false;
    }
    try {
      while (true) {
        const auto batch = store_.undelivered_mail(200);
        if (batch.empty()) break;
        std::vector<std::int64_t> sent;
        for (const auto& m : batch)
          if (deliverer_->deliver(m)) sent.push_back(m.id);
        store_.transaction([&] {
          for (auto id : sent) store_.mark_delivered(id, clock_.now());
        });
        if (sent.size() < batch.size()) break;  // retry the rest on the next wake or tick
      }
    } catch (const std::exception& e) {
      spdlog::error("outbox: {}", e.what());
    }
  }
}

}  // namespace pcu::server
