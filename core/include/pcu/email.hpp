// pcu/email.hpp: public and stable. Checking one email address and parsing the pasted text
// of an invitation (R-UM7) into addresses and problems. Codes are stable; messages may change.
//
// Sections: codes · one address · invitation text
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pcu/detail/email_text.hpp"
#include "pcu/limits.hpp"
#include "pcu/model.hpp"

namespace pcu {

// ---- codes ----------------------------------------------------------------------------

namespace email_code {
inline constexpr std::string_view empty = "email_empty";
inline constexpr std::string_view too_long = "email_too_long";
inline constexpr std::string_view missing_at = "email_missing_at";
inline constexpr std::string_view local_too_long = "email_local_too_long";
inline constexpr std::string_view invalid_local = "email_invalid_local";
inline constexpr std::string_view invalid_domain = "email_invalid_domain";
inline constexpr std::string_view domain_too_long = "email_domain_too_long";
inline constexpr std::string_view label_too_long = "email_label_too_long";
inline constexpr std::string_view domain_needs_dot = "email_domain_needs_dot";
inline constexpr std::string_view non_ascii = "email_non_ascii";
}  // namespace email_code

namespace invite_code {
inline constexpr std::string_view text_too_long = "invite_text_too_long";
inline constexpr std::string_view list_empty = "invite_list_empty";
inline constexpr std::string_view limit_exceeded = "invite_limit_exceeded";
inline constexpr std::string_view duplicate_address = "duplicate_address";
inline constexpr std::string_view unbalanced_quote = detail::email_text::code_unbalanced_quote;
inline constexpr std::string_view invalid_address_form = detail::email_text::code_invalid_address_form;
inline constexpr std::string_view display_name_too_long = "display_name_too_long";
inline constexpr std::string_view invalid_display_name = "invalid_display_name";
}  // namespace invite_code

// ---- one address ----------------------------------------------------------------------

// The result of checking one address. `code` and `message` point at static strings.
struct EmailCheck {
  bool ok = false;
  std::string normalized;  // trimmed, whole address lower-cased (ASCII), when ok
  std::string_view code;     // stable code when !ok
  std::string_view message;  // for a person, when !ok: "the domain is not valid"
};

namespace detail::email_text {
inline constexpr auto msg_too_long =
    text_with_number("the address is longer than ", limits::email_max, " characters");
inline constexpr auto msg_local_too_long =
    text_with_number("the part before @ is longer than ", limits::email_local_max, " characters");
inline constexpr auto msg_domain_too_long =
    text_with_number("the domain is longer than ", limits::domain_max, " characters");
inline constexpr auto msg_label_too_long = text_with_number(
    "a part of the domain between dots is longer than ", limits::domain_label_max, " characters");

inline EmailCheck email_failure(std::string_view code, std::string_view message) {
  return {false, {}, code, message};
}

// Dot-atom: atext runs joined by single dots, no dot at either end.
inline bool is_dot_atom(std::string_view s) {
  if (s.empty() || s.front() == '.' || s.back() == '.') return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '.') {
      if (s[i + 1] == '.') return false;  // s.back() != '.', so i + 1 is in range
    } else if (!is_atext(s[i])) {
      return false;
    }
  }
  return true;
}

// The failure of a domain whose length is already within limits, or ok.
inline EmailCheck check_domain_labels(std::string_view domain) {
  bool dotted = false;
  while (true) {
    const std::size_t dot = domain.find('.');
    const std::string_view label = domain.substr(0, dot);
    if (label.size() > limits::domain_label_max)
      return email_failure(email_code::label_too_long, msg_label_too_long.view());
    if (label.empty() || label.front() == '-' || label.back() == '-')
      return email_failure(email_code::invalid_domain, "the domain is not valid");
    for (char c : label)
      if (!is_ldh(c)) return email_failure(email_code::invalid_domain, "the domain is not valid");
    if (dot == std::string_view::npos) break;
    dotted = true;
    domain.remove_prefix(dot + 1);
  }
  if (!dotted) return email_failure(email_code::domain_needs_dot, "the domain needs a dot, as in example.org");
  return {true, {}, {}, {}};
}
}  // namespace detail::email_text

// Checks one address (surrounding whitespace ignored). The order of the checks decides which
// code a many-faulted address gets: emptiness, non-ASCII bytes, the @, then the lengths of
// the parts before the whole (so every length code can be reached), then the syntax.
// The local part is what precedes the last @, so "a@b@example.org" has an invalid local part.
inline EmailCheck check_email(std::string_view address) {
  namespace t = detail::email_text;
  const std::string_view a = t::trim(address);
  if (a.empty()) return t::email_failure(email_code::empty, "the address is empty");
  for (char c : a)
    if (!t::is_ascii(c))
      return t::email_failure(email_code::non_ascii, "the address has a character outside ASCII");
  const std::size_t at = a.rfind('@');
  if (at == std::string_view::npos) return t::email_failure(email_code::missing_at, "the address has no @");
  const std::string_view local = a.substr(0, at);
  const std::string_view domain = a.substr(at + 1);
  if (local.size() > limits::email_local_max)
    return t::email_failure(email_code::local_too_long, t::msg_local_too_long.view());
  if (domain.size() > limits::domain_max)
    return t::email_failure(email_code::domain_too_long, t::msg_domain_too_long.view());
  if (a.size() > limits::email_max) return t::email_failure(email_code::too_long, t::msg_too_long.view());
  if (!t::is_dot_atom(local))
    return t::email_failure(email_code::invalid_local, "the part before @ is not valid");
  EmailCheck result = t::check_domain_labels(domain);
  if (result.ok) result.normalized = t::lower(a);
  return result;
}

// ---- invitation text ------------------------------------------------------------------

struct InviteAddress {
  std::string address;       // normalized (check_email)
  std::string display_name;  // without quotes or escapes; empty for a bare address
  std::size_t position = 0;  // 1-based, see parse_invite_list
};

struct InviteList {
  std::vector<InviteAddress> addresses;  // valid, normalized, in order, without duplicates
  Problems problems;                     // every problem, not just the first
  bool ok() const { return problems.empty() && !addresses.empty(); }
};

namespace detail::email_text {
inline Problem item_problem(std::string_view item, std::size_t position, std::string_view code,
                            std::string_view reason) {
  std::string message = "\"" + shorten(item, 100) + "\" (item " + std::to_string(position) + "): ";
  message += reason;
  return {"text", std::string(item), position, std::string(code), std::move(message)};
}

inline Problem list_problem(std::string_view code, std::string message) {
  return {"text", {}, 0, std::string(code), std::move(message)};
}

// The problem of one item within the limit, or none with `out` filled in.
inline std::optional<Problem> read_item(const RawItem& raw, std::size_t position,
                                        const std::vector<InviteAddress>& seen, InviteAddress& out) {
  const auto fail = [&](std::string_view code, std::string_view reason) {
    return std::optional<Problem>(item_problem(raw.text, position, code, reason));
  };
  if (raw.open_quote) return fail(invite_code::unbalanced_quote, "a double quote is not closed");
  ItemParts parts = split_item(raw.text);
  if (parts.code == invite_code::unbalanced_quote)
    return fail(parts.code, "a double quote is not closed");
  if (!parts.code.empty())
    return fail(parts.code, "write the address alone, as Name <address>, or as \"Name\" <address>");
  const std::size_t name_length = display_text_length(parts.display_name);
  if (name_length == not_utf8)
    return fail(invite_code::invalid_display_name, "the name has a control character or is not UTF-8");
  if (name_length > limits::display_name_max)
    return fail(invite_code::display_name_too_long,
                "the name is longer than " + std::to_string(limits::display_name_max) + " characters");
  EmailCheck check = check_email(parts.address);
  if (!check.ok) return fail(check.code, check.message);
  for (const InviteAddress& earlier : seen)
    if (earlier.address == check.normalized)
      return fail(invite_code::duplicate_address,
                  "the address already appears as item " + std::to_string(earlier.position));
  out = {std::move(check.normalized), std::move(parts.display_name), position};
  return std::nullopt;
}
}  // namespace detail::email_text

// Parses the pasted text of an invitation (R-UM7). Commas and semicolons split, except
// inside double quotes; each item is trimmed and empty items are ignored entirely: positions
// are 1-based over the non-empty items only, so in "a@x.org,,b@x.org" b is item 2, as the
// person sees it. Each item yields one address or one problem (the first found for it); the
// items after the max_invites-th get invite_limit_exceeded and are not checked further.
// A text over invite_text_max bytes gets invite_text_too_long alone, and a text without
// items invite_list_empty, both with an empty item and position 0.
inline InviteList parse_invite_list(std::string_view text) {
  namespace t = detail::email_text;
  InviteList list;
  if (text.size() > limits::invite_text_max) {
    list.problems.push_back(t::list_problem(
        invite_code::text_too_long,
        "the text is longer than " + std::to_string(limits::invite_text_max) + " characters"));
    return list;
  }
  const std::vector<t::RawItem> items = t::split_items(text);
  if (items.empty()) {
    list.problems.push_back(t::list_problem(
        invite_code::list_empty, "enter one to " + std::to_string(limits::max_invites) +
                                     " email addresses, separated by commas or semicolons"));
    return list;
  }
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::size_t position = i + 1;
    if (position > limits::max_invites) {
      list.problems.push_back(t::item_problem(
          items[i].text, position, invite_code::limit_exceeded,
          "at most " + std::to_string(limits::max_invites) + " addresses can be invited at once"));
      continue;
    }
    InviteAddress address;
    if (auto problem = t::read_item(items[i], position, list.addresses, address))
      list.problems.push_back(std::move(*problem));
    else
      list.addresses.push_back(std::move(address));
  }
  return list;
}

}  // namespace pcu
