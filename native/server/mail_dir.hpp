// mail_dir.hpp: a Deliverer that writes each message as an RFC 5322 .eml file into a
// directory (`--mail dir:PATH`), so invitations of a demo or a test can be read and accepted.
#pragma once

#include <string>

#include "outbox.hpp"

namespace pcu::server {

class MailDirDeliverer final : public Deliverer {
 public:
  MailDirDeliverer(std::string directory, std::string from);
  bool deliver(const OutboxMessage& message) override;

 private:
  std::string directory_;
  std::string from_;
};

// The message as RFC 5322 text: To, From, Subject, Date, Message-ID, then the body.
std::string rfc5322_message(const OutboxMessage& message, const std::string& from, const std::string& message_id);

}  // namespace pcu::server
