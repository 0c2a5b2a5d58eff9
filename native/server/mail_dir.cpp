#include "mail_dir.hpp"

#include <filesystem>
#include <fstream>

namespace pcu::server {

MailDirDeliverer::MailDirDeliverer(std::string directory, MailIdentity identity)
    : directory_(std::move(directory)), identity_(std::move(identity)) {
  std::filesystem::create_directories(directory_);
}

DeliveryResult MailDirDeliverer::deliver(const OutboxMessage& m) {
  char name[32];
  std::snprintf(name, sizeof name, "%010lld", static_cast<long long>(m.id));
  const auto final_path = std::filesystem::path(directory_) / (std::string(name) + ".eml");
  const auto temp_path = std::filesystem::path(directory_) / (std::string(name) + ".eml.tmp");
  {
    std::ofstream out(temp_path, std::ios::binary | std::ios::trunc);
    out << rfc5322_message(m, identity_);
    if (!out) return {DeliveryResult::Outcome::retry, "cannot write " + temp_path.string()};
  }
  std::error_code ec;
  std::filesystem::rename(temp_path, final_path, ec);  // readers never see half a file
  if (ec) return {DeliveryResult::Outcome::retry, "cannot rename " + temp_path.string() + ": " + ec.message()};
  return {DeliveryResult::Outcome::sent, "written to " + final_path.string()};
}

}  // namespace pcu::server
