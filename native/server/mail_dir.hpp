// mail_dir.hpp: a Deliverer that writes each message as an RFC 5322 .eml file into a
// directory (`--mail dir:PATH`), so invitations of a demo or a test can be read and accepted.
#pragma once

#include <string>

#include "mail_message.hpp"
#include "outbox.hpp"

namespace pcu::server {

class MailDirDeliverer final : public Deliverer {
 public:
  MailDirDeliverer(std::string directory, MailIdentity identity);
  DeliveryResult deliver(const OutboxMessage& message) override;
  bool repeat_safe() const override { return true; }  // the file is named after the message's id

 private:
  std::string directory_;
  MailIdentity identity_;
};

}  // namespace pcu::server
