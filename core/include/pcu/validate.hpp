// pcu/validate.hpp: public and stable. Validators of every request that changes users,
// groups or passwords. Each returns every problem it finds, not the first. What they must
// know about the tenant comes in a TenantFacts; the core does no I/O.
//
// Sections: TenantFacts · access (R-UM2, R-RP2..R-RP4) · names and usernames (R-UM3)
//           · password (R-PW1) · create user (R-UM3..R-UM5) · invite (R-UM7)
//           · add existing (R-UM1) · edit user (R-UM13, R-UM16) · group (R-GR1)
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "access.hpp"
#include "detail/text.hpp"
#include "email.hpp"
#include "limits.hpp"
#include "model.hpp"

namespace pcu {

// ---- TenantFacts ----------------------------------------------------------------------

// What validators ask about the acting tenant and the account. The server answers from its
// store; TenantSnapshot answers from lists (CLI, JS module, tests).
struct TenantFacts {
  virtual ~TenantFacts() = default;
  virtual bool domain_verified(std::string_view domain) const = 0;     // case-insensitive
  virtual bool username_taken(std::string_view username) const = 0;    // case-insensitive
  virtual bool group_exists(std::string_view group) const = 0;         // by id or display name
  virtual bool directory_user_exists(std::string_view user_id) const = 0;
  virtual bool is_account_user(std::string_view user_id) const = 0;
  // An address that is already an account user's (username or email) or has a pending invitation.
  virtual bool email_in_use(std::string_view email) const = 0;
};

struct TenantSnapshot final : TenantFacts {
  std::vector<std::string> verified_domains;
  std::vector<std::string> usernames;
  std::vector<std::string> groups;
  std::vector<std::string> directory_users;
  std::vector<std::string> account_users;
  std::vector<std::string> account_emails;
  std::vector<std::string> pending_invitations;

  static bool contains(const std::vector<std::string>& list, std::string_view v, bool fold_case) {
    return std::any_of(list.begin(), list.end(),
                       [&](const std::string& s) { return fold_case ? detail::iequals(s, v) : s == v; });
  }
  bool domain_verified(std::string_view d) const override { return contains(verified_domains, d, true); }
  bool username_taken(std::string_view u) const override { return contains(usernames, u, true); }
  bool group_exists(std::string_view g) const override { return contains(groups, g, false); }
  bool directory_user_exists(std::string_view id) const override { return contains(directory_users, id, false); }
  bool is_account_user(std::string_view id) const override { return contains(account_users, id, false); }
  bool email_in_use(std::string_view e) const override {
    return contains(account_emails, e, true) || contains(pending_invitations, e, true);
  }
};

namespace detail {
inline void add_problem(Problems& out, std::string field, std::string_view item, std::size_t position,
                        std::string_view code, std::string message) {
  out.push_back(Problem{std::move(field), std::string(item), position, std::string(code), std::move(message)});
}
inline std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }
}  // namespace detail

// ---- access (R-UM2, R-RP2, R-RP3, R-RP4) ----------------------------------------------

// An access holds standard roles, or custom permissions with at least one level above
// "no access"; never both, never neither. Levels must be ones the area allows, and
// Contact customer needs Customer feedback for the same product.
inline Problems validate_access(const Access& access, const std::string& field = "access") {
  Problems out;
  const bool custom = access.has_custom();
  if (access.roles.empty() && !custom)
    detail::add_problem(out, field, "", 0, "access_empty",
                        "Choose at least one role, or at least one permission above No access.");
  if (!access.roles.empty() && custom)
    detail::add_problem(out, field, "", 0, "access_roles_and_custom",
                        "Choose standard roles or custom permissions, not both.");
  for (std::size_t i = 0; i < account_area_count; ++i) {
    const auto a = static_cast<AccountArea>(i);
    if (!level_allowed(a, access.account[i]))
      detail::add_problem(out, field + ".account." + std::string(name_of(a)), name_of(access.account[i]), 0,
                          "level_not_allowed",
                          std::string(account_area_titles[i]) + " cannot be " +
                              std::string(level_titles[static_cast<std::size_t>(access.account[i])]) + ".");
  }
  if (access.products.size() > limits::max_product_rows)
    detail::add_problem(out, field + ".products", "", 0, "too_many_product_rows",
                        "At most " + std::to_string(limits::max_product_rows) + " product rows.");
  for (std::size_t r = 0; r < access.products.size(); ++r) {
    const ProductRow& row = access.products[r];
    const std::string row_field = field + ".products." + row.key;
    const auto key = parse_product_key(row.key);
    if (key.kind == ProductKeyKind::invalid) {
      detail::add_problem(out, field + ".products", row.key, r + 1, "invalid_product_key",
                          detail::quoted(row.key) + " is not \"*\", a product id, or \"ID/add-ons\".");
      continue;
    }
    for (std::size_t k = 0; k < r; ++k)
      if (access.products[k].key == row.key)
        detail::add_problem(out, field + ".products", row.key, r + 1, "duplicate_product_key",
                            detail::quoted(row.key) + " appears twice.");
    for (std::size_t i = 0; i < product_permission_count; ++i) {
      const auto p = static_cast<ProductPermission>(i);
      if (!level_allowed(p, row.levels[i]))
        detail::add_problem(out, row_field + "." + std::string(name_of(p)), name_of(row.levels[i]), 0,
                            "level_not_allowed",
                            std::string(product_permission_titles[i]) + " is read only.");
    }
    // R-RP4: the feedback a product row sees includes what the All-products row gives it.
    const auto cc = static_cast<std::size_t>(ProductPermission::contact_customer);
    const auto fb = static_cast<std::size_t>(ProductPermission::customer_feedback);
    Level feedback = row.levels[fb];
    if (key.kind == ProductKeyKind::product)
      if (const ProductRow* all = access.row(all_products_key)) feedback = max_level(feedback, all->levels[fb]);
    if (row.levels[cc] != Level::none && feedback == Level::none)
      detail::add_problem(out, row_field + ".contact_customer", row.key, 0, "contact_customer_needs_feedback",
                          "Contact customer needs Customer feedback for the same product.");
  }
  return out;
}

// ---- names and usernames (R-UM3) ------------------------------------------------------

// A first or last name: 1-64 characters once trimmed, well-formed UTF-8, no control characters.
inline void check_name(Problems& out, const std::string& field, std::string_view value) {
  const auto trimmed = detail::trim(value);
  const auto scan = detail::scan_utf8(trimmed);
  if (trimmed.empty())
    detail::add_problem(out, field, value, 0, "name_required", "This name is required.");
  else if (!scan.valid)
    detail::add_problem(out, field, "", 0, "name_invalid_utf8", "This name is not valid UTF-8 text.");
  else if (scan.has_control)
    detail::add_problem(out, field, trimmed, 0, "name_control_character", "Names cannot hold control characters.");
  else if (scan.code_points > limits::name_max)
    detail::add_problem(out, field, trimmed, 0, "name_too_long",
                        "At most " + std::to_string(limits::name_max) + " characters.");
}

constexpr bool is_alias_char(char c) {
  return detail::is_alpha(c) || detail::is_digit(c) || c == '\'' || c == '.' || c == '-' || c == '_' ||
         c == '!' || c == '#' || c == '^' || c == '~';
}

// A username `alias@domain` on a verified domain of the acting tenant, unique in it.
// `current` is the user's present username when editing, so keeping it is no conflict.
inline void check_username(Problems& out, const std::string& field, std::string_view username,
                           const TenantFacts& facts, std::string_view current = {}) {
  const auto fail = [&](std::string_view code, std::string message) {
    detail::add_problem(out, field, username, 0, code, std::move(message));
  };
  if (username.empty()) return fail("username_required", "A username is required.");
  if (username.size() > limits::username_max)
    return fail("username_too_long", "At most " + std::to_string(limits::username_max) + " characters.");
  const auto at = username.find('@');
  if (at == std::string_view::npos || username.find('@', at + 1) != std::string_view::npos)
    return fail("username_invalid", "A username is alias@domain.");
  const auto alias = username.substr(0, at);
  const auto domain = username.substr(at + 1);
  if (alias.empty()) return fail("alias_invalid", "The alias before @ is required.");
  if (alias.size() > limits::alias_max)
    return fail("alias_too_long", "The alias has at most " + std::to_string(limits::alias_max) + " characters.");
  if (!std::all_of(alias.begin(), alias.end(), is_alias_char))
    return fail("alias_invalid", "The alias may hold letters, digits and ' . - _ ! # ^ ~ only.");
  if (alias.front() == '.' || alias.back() == '.' || alias.find("..") != std::string_view::npos)
    return fail("alias_invalid", "The alias cannot start or end with a dot, or hold two dots in a row.");
  if (!facts.domain_verified(domain))
    return fail("domain_not_verified", detail::quoted(domain) + " is not a verified domain of this tenant.");
  if (!(current.size() && detail::iequals(current, username)) && facts.username_taken(username))
    return fail("username_taken", detail::quoted(username) + " is already taken.");
}

// Groups named on creation or edit: each must exist in the acting tenant (R-UM5), once.
inline void check_groups(Problems& out, const std::string& field, const std::vector<std::string>& groups,
                         const TenantFacts& facts) {
  if (groups.size() > limits::max_groups_per_user) {
    detail::add_problem(out, field, "", 0, "too_many_groups",
                        "At most " + std::to_string(limits::max_groups_per_user) + " groups.");
    return;
  }
  for (std::size_t i = 0; i < groups.size(); ++i) {
    if (std::find(groups.begin(), groups.begin() + static_cast<std::ptrdiff_t>(i), groups[i]) !=
        groups.begin() + static_cast<std::ptrdiff_t>(i))
      detail::add_problem(out, field, groups[i], i + 1, "duplicate_group",
                          detail::quoted(groups[i]) + " is named twice.");
    else if (!facts.group_exists(groups[i]))
      detail::add_problem(out, field, groups[i], i + 1, "unknown_group",
                          detail::quoted(groups[i]) + " is not a group of this tenant.");
  }
}

// ---- password (R-PW1) -----------------------------------------------------------------

inline Problems validate_password(std::string_view password, const std::string& field = "password") {
  Problems out;
  if (password.size() < limits::password_min)
    detail::add_problem(out, field, "", 0, "password_too_short",
                        "At least " + std::to_string(limits::password_min) + " characters.");
  if (password.size() > limits::password_max)
    detail::add_problem(out, field, "", 0, "password_too_long",
                        "At most " + std::to_string(limits::password_max) + " characters.");
  bool lower = false, upper = false, digit = false, symbol = false, outside = false;
  for (char c : password) {
    if (c >= 'a' && c <= 'z') lower = true;
    else if (c >= 'A' && c <= 'Z') upper = true;
    else if (detail::is_digit(c)) digit = true;
    else if (c >= ' ' && c <= '~') symbol = true;  // space counts as a symbol
    else outside = true;
  }
  if (outside)
    detail::add_problem(out, field, "", 0, "password_invalid_character",
                        "Use printable ASCII characters and spaces only.");
  if (lower + upper + digit + symbol < 3)
    detail::add_problem(out, field, "", 0, "password_too_simple",
                        "Use at least three of: lowercase letters, uppercase letters, digits, symbols.");
  return out;
}

// ---- create user (R-UM3, R-UM4, R-UM5) ------------------------------------------------

struct CreateUserRequest {
  std::string first_name;
  std::string last_name;
  std::string username;
  bool global_admin = false;
  std::string recovery_email;  // required when global_admin (R-UM4)
  std::vector<std::string> groups;
  Access access;
};

inline void append(Problems& into, Problems from) {
  into.insert(into.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

inline Problems validate_create_user(const CreateUserRequest& request, const TenantFacts& facts) {
  Problems out;
  check_name(out, "first_name", request.first_name);
  check_name(out, "last_name", request.last_name);
  check_username(out, "username", request.username, facts);
  if (request.global_admin && request.recovery_email.empty())
    detail::add_problem(out, "recovery_email", "", 0, "recovery_email_required",
                        "A global administrator needs a password recovery email.");
  if (!request.recovery_email.empty()) {
    const auto check = check_email(request.recovery_email);
    if (!check.ok) detail::add_problem(out, "recovery_email", request.recovery_email, 0, check.code,
                                       std::string(check.message));
  }
  check_groups(out, "groups", request.groups, facts);
  append(out, validate_access(request.access));
  return out;
}

// ---- invite (R-UM7) -------------------------------------------------------------------

struct InviteRequest {
  std::string text;  // one to ten addresses separated by commas or semicolons
  Access access;
};

// The parsed list, with every problem of the text, of addresses already in use, and of the
// access. Nothing may be created unless `problems` is empty (all or nothing).
struct InviteValidation {
  InviteList list;
  Problems problems;
  bool ok() const { return problems.empty() && !list.addresses.empty(); }
};

// Every problem of an already parsed invitation list with `access`: the list's own, the
// addresses in use, and the access's (what validate_invite reports).
inline Problems invite_problems(const InviteList& list, const Access& access, const TenantFacts& facts) {
  Problems out = list.problems;
  for (const auto& a : list.addresses)
    if (facts.email_in_use(a.address))
      detail::add_problem(out, "text", a.address, a.position, "address_in_use",
                          detail::quoted(a.address) + " (item " + std::to_string(a.position) +
                              ") is already an account user or has a pending invitation.");
  append(out, validate_access(access));
  return out;
}

inline InviteValidation validate_invite(const InviteRequest& request, const TenantFacts& facts) {
  InviteValidation v{parse_invite_list(request.text), {}};
  v.problems = invite_problems(v.list, request.access, facts);
  return v;
}

// ---- add existing (R-UM1, R-UM2) ------------------------------------------------------

struct AddExistingRequest {
  std::vector<std::string> user_ids;  // directory users of the acting tenant
  Access access;                      // the same for all of them
};

inline Problems validate_add_existing(const AddExistingRequest& request, const TenantFacts& facts) {
  Problems out;
  const auto& ids = request.user_ids;
  if (ids.empty())
    detail::add_problem(out, "user_ids", "", 0, "no_users", "Choose at least one user.");
  if (ids.size() > limits::max_add_users)
    detail::add_problem(out, "user_ids", "", 0, "too_many_users",
                        "At most " + std::to_string(limits::max_add_users) + " users at once.");
  for (std::size_t i = 0; i < ids.size() && i < limits::max_add_users; ++i) {
    if (std::find(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(i), ids[i]) !=
        ids.begin() + static_cast<std::ptrdiff_t>(i))
      detail::add_problem(out, "user_ids", ids[i], i + 1, "duplicate_user", detail::quoted(ids[i]) + " is chosen twice.");
    else if (!facts.directory_user_exists(ids[i]))
      detail::add_problem(out, "user_ids", ids[i], i + 1, "unknown_user",
                          detail::quoted(ids[i]) + " is not a user of this tenant's directory.");
    else if (facts.is_account_user(ids[i]))
      detail::add_problem(out, "user_ids", ids[i], i + 1, "already_account_user",
                          detail::quoted(ids[i]) + " is already an account user.");
  }
  append(out, validate_access(request.access));
  return out;
}

// ---- edit user (R-UM13, R-UM16) -------------------------------------------------------

struct EditUserRequest {
  std::optional<std::string> first_name;
  std::optional<std::string> last_name;
  std::optional<std::string> username;
  std::optional<std::vector<std::string>> groups;
  std::optional<Access> access;
  std::optional<bool> enabled;  // R-A6: false disables (sign-in refused, sessions end), true enables
  bool directory_change() const { return first_name || last_name || username || groups || enabled; }
};

// Who edits whom: needed for the username check and for self-lockout (R-UM16).
struct EditContext {
  bool self = false;               // the actor edits itself
  std::string current_username;
  Access current_access;           // the target's own access before the edit
};

// Whether an access lets its holder manage account users (Manager or Account users rw).
inline bool grants_user_management(const Access& a) {
  return a.roles.has(Role::manager) ||
         a.account[static_cast<std::size_t>(AccountArea::account_users)] == Level::read_write;
}

inline Problems validate_edit_user(const EditUserRequest& request, const TenantFacts& facts,
                                   const EditContext& context) {
  Problems out;
  if (!request.directory_change() && !request.access)
    detail::add_problem(out, "", "", 0, "nothing_to_change", "Name at least one field to change.");
  if (request.first_name) check_name(out, "first_name", *request.first_name);
  if (request.last_name) check_name(out, "last_name", *request.last_name);
  if (request.username) check_username(out, "username", *request.username, facts, context.current_username);
  if (request.groups) check_groups(out, "groups", *request.groups, facts);
  if (context.self && request.enabled == false)  // R-UM16: no self-lockout
    detail::add_problem(out, "enabled", "", 0, "self_lockout", "You cannot disable yourself.");
  if (request.access) {
    append(out, validate_access(*request.access));
    if (context.self && grants_user_management(context.current_access) && !grants_user_management(*request.access))
      detail::add_problem(out, "access", "", 0, "self_lockout",
                          "You cannot take away your own Manager role or Account users read/write.");
  }
  return out;
}

// ---- group (R-GR1) --------------------------------------------------------------------

struct GroupRequest {
  std::string display_name;
  std::string description;
  std::vector<std::string> members;  // directory user ids of the acting tenant
  std::optional<Access> access;      // a group can hold an access like a user
};

inline Problems validate_group(const GroupRequest& request, const TenantFacts& facts) {
  Problems out;
  const auto name = detail::trim(request.display_name);
  const auto scan = detail::scan_utf8(name);
  if (name.empty())
    detail::add_problem(out, "display_name", "", 0, "group_name_required", "A group needs a display name.");
  else if (!scan.valid || scan.has_control)
    detail::add_problem(out, "display_name", "", 0, "group_name_invalid",
                        "The display name must be text without control characters.");
  else if (scan.code_points > limits::group_name_max)
    detail::add_problem(out, "display_name", name, 0, "group_name_too_long",
                        "At most " + std::to_string(limits::group_name_max) + " characters.");
  else if (facts.group_exists(name))
    detail::add_problem(out, "display_name", name, 0, "group_exists", detail::quoted(name) + " already exists.");
  const auto desc = detail::scan_utf8(request.description);
  if (!desc.valid)
    detail::add_problem(out, "description", "", 0, "description_invalid", "The description is not valid UTF-8 text.");
  else if (desc.code_points > limits::group_description_max)
    detail::add_problem(out, "description", "", 0, "description_too_long",
                        "At most " + std::to_string(limits::group_description_max) + " characters.");
  if (request.members.size() > limits::max_add_users)
    detail::add_problem(out, "members", "", 0, "too_many_users",
                        "At most " + std::to_string(limits::max_add_users) + " members at once.");
  else
    for (std::size_t i = 0; i < request.members.size(); ++i)
      if (!facts.directory_user_exists(request.members[i]))
        detail::add_problem(out, "members", request.members[i], i + 1, "unknown_user",
                            detail::quoted(request.members[i]) + " is not a user of this tenant's directory.");
  if (request.access) append(out, validate_access(*request.access));
  return out;
}

}  // namespace pcu
