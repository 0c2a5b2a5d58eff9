#include "mail_message.hpp"

#include <sodium.h>

#include <ctime>

#include "tokens.hpp"

namespace pcu::server {

namespace {

bool plain_ascii(std::string_view s) {
  for (unsigned char c : s)
    if (c < 0x20 || c > 0x7e) return false;
  return true;
}

// A header value: CR, LF and other controls become spaces (no header injection); text that
// is not printable ASCII becomes one RFC 2047 encoded word.
std::string header_text(std::string_view s) {
  std::string clean;
  for (char c : s) clean += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? ' ' : c;
  if (plain_ascii(clean)) return clean;
  std::string b64(sodium_base64_ENCODED_LEN(clean.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(b64.data(), b64.size(), reinterpret_cast<const unsigned char*>(clean.data()), clean.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  b64.resize(b64.find('\0'));
  return "=?UTF-8?B?" + b64 + "?=";
}

std::string html_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string utc_text(std::int64_t at, const char* format) {
  char text[64];
  const auto t = static_cast<std::time_t>(at);
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::strftime(text, sizeof text, format, &tm);
  return text;
}

std::string crlf(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) out += '\r';
    out += text[i];
  }
  return out;
}

// One HTML page around paragraphs and a button-like link, for both messages.
std::string html_page(std::string_view title, std::string_view intro_html, std::string_view link,
                      std::string_view action, std::string_view outro_html) {
  const std::string href = html_escape(link);
  return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + html_escape(title) +
         "</title></head>\n<body style=\"font-family: sans-serif; line-height: 1.4\">\n<p>" + std::string(intro_html) +
         "</p>\n<p><a href=\"" + href + "\" style=\"display: inline-block; padding: 8px 16px; background: #2a6df4; "
         "color: #fff; text-decoration: none; border-radius: 4px\">" + html_escape(action) +
         "</a></p>\n<p>Or copy this address into your browser:<br>" + href + "</p>\n<p>" + std::string(outro_html) +
         "</p>\n</body></html>\n";
}

}  // namespace

std::string mailbox_header(std::string_view display_name, std::string_view address) {
  if (display_name.empty()) return std::string(address);
  const std::string name = header_text(display_name);
  if (name.rfind("=?", 0) == 0) return name + " <" + std::string(address) + ">";
  std::string quoted = "\"";
  for (char c : name) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "\" <" + std::string(address) + ">";
}

std::string new_message_id(std::string_view from) {
  const std::string address = envelope_address(from);
  const auto at = address.rfind('@');
  const std::string domain =
      at == std::string::npos || at + 1 == address.size() ? "pcusers.invalid" : address.substr(at + 1);
  return random_id("") + random_id("") + "@" + domain;
}

std::string console_link(std::string_view public_url, std::string_view page, std::string_view token) {
  std::string base(public_url);
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/#/" + std::string(page) + "/" + std::string(token);
}

std::string envelope_address(std::string_view mailbox) {
  const auto open = mailbox.rfind('<');
  const auto close = mailbox.rfind('>');
  if (open != std::string_view::npos && close != std::string_view::npos && close > open)
    return std::string(mailbox.substr(open + 1, close - open - 1));
  return std::string(mailbox);
}

OutboxMessage invitation_message(std::string_view to_name, std::string_view to_address, std::string_view inviter,
                                 std::string_view link, std::int64_t expires_at) {
  OutboxMessage m;
  m.to = mailbox_header(to_name, to_address);
  m.subject = "You are invited to a pcusers account";
  const std::string until = utc_text(expires_at, "%d %B %Y, %H:%M UTC");
  m.body = std::string(inviter) + " invited you to work in a developer account.\n\nTo accept, open this link and "
           "choose a password (it works once, until " + until + "):\n\n" + std::string(link) +
           "\n\nIf you did not expect this invitation, ignore this message.\n";
  m.html = html_page(m.subject,
                     "<b>" + html_escape(inviter) + "</b> invited you to work in a developer account. To accept, "
                     "open the link below and choose a password. It works once, until " + html_escape(until) + ".",
                     link, "Accept the invitation", "If you did not expect this invitation, ignore this message.");
  return m;
}

OutboxMessage recovery_message(std::string_view to_address, std::string_view username, std::string_view link) {
  OutboxMessage m;
  m.to = std::string(to_address);
  m.subject = "Reset your pcusers password";
  m.body = "Someone asked to reset the password of " + std::string(username) +
           ".\n\nTo choose a new password, open this link within an hour (it works once):\n\n" + std::string(link) +
           "\n\nIf it was not you, ignore this message: your password stays as it is.\n";
  m.html = html_page(m.subject,
                     "Someone asked to reset the password of <b>" + html_escape(username) +
                         "</b>. To choose a new password, open the link below within an hour. It works once.",
                     link, "Choose a new password", "If it was not you, ignore this message: your password stays as it is.");
  return m;
}

std::string rfc5322_message(const OutboxMessage& m, const MailIdentity& identity) {
  std::string head = "From: " + header_text(identity.from) + "\r\nTo: " + header_text(m.to) + "\r\n";
  if (!identity.reply_to.empty()) head += "Reply-To: " + header_text(identity.reply_to) + "\r\n";
  head += "Subject: " + header_text(m.subject) + "\r\nDate: " +
          utc_text(m.created_at, "%a, %d %b %Y %H:%M:%S +0000") + "\r\nMessage-ID: <" + m.message_id +
          ">\r\nMIME-Version: 1.0\r\n";
  static constexpr std::string_view text_part = "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n";
  if (m.html.empty()) return head + std::string(text_part) + "\r\n" + crlf(m.body) + "\r\n";
  // The boundary comes from the Message-ID, so every retry sends the same bytes.
  std::string boundary = "=_pcu_" + m.message_id.substr(0, m.message_id.find('@'));
  while (m.body.find(boundary) != std::string::npos || m.html.find(boundary) != std::string::npos) boundary += "_";
  return head + "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n--" + boundary + "\r\n" +
         std::string(text_part) + "\r\n" + crlf(m.body) + "\r\n--" + boundary +
         "\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + crlf(m.html) +
         "\r\n--" + boundary + "--\r\n";
}

}  // namespace pcu::server
