// mail_message.hpp: what pcu-server mails, as text: the invitation and recovery messages
// (plain text and HTML), header mailboxes, Message-IDs, and the RFC 5322 / MIME form every
// transport sends.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "store.hpp"

namespace pcu::server {

// Who the messages come from (`--mail-from`, `--mail-reply-to`).
struct MailIdentity {
  std::string from = "pcusers <no-reply@pcusers.invalid>";
  std::string reply_to;  // empty: no Reply-To header
};

// `"Name" <addr>` (quoted, RFC 2047-encoded when not ASCII) or `addr` when there is no name.
std::string mailbox_header(std::string_view display_name, std::string_view address);
// The bare address of a header mailbox: what is inside <...>, or the whole text.
std::string envelope_address(std::string_view mailbox);

// A new Message-ID (without <>) on the domain of `from`: given once per outbox row.
std::string new_message_id(std::string_view from);

// A link of the console: PUBLIC_URL/#/PAGE/TOKEN.
std::string console_link(std::string_view public_url, std::string_view page, std::string_view token);

// The invitation (R-UM8) and recovery (R-UM12) messages: to, subject, text and HTML.
OutboxMessage invitation_message(std::string_view to_name, std::string_view to_address, std::string_view inviter,
                                 std::string_view link, std::int64_t expires_at);
OutboxMessage recovery_message(std::string_view to_address, std::string_view username, std::string_view link);

// The message as RFC 5322 text with CRLF line ends: From, To, Reply-To, Subject, Date (the
// enqueue time, the same on every retry), Message-ID, then text/plain or
// multipart/alternative (text, then HTML).
std::string rfc5322_message(const OutboxMessage& message, const MailIdentity& identity);

}  // namespace pcu::server
