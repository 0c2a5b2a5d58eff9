// routes_users.cpp: account users: list, add existing, create, get, edit with If-Match,
// remove, reset password (R-A3, R-A4, R-UM1..R-UM6, R-UM11, R-UM13, R-UM15, R-UM16).
#include <sodium.h>

#include <algorithm>
#include <cstring>

#include "http_app.hpp"
#include "tokens.hpp"

namespace pcu::server {

namespace {

// ---- paging cursor: base64url of "sort \n order \n sort value \n username key \n id" ----
// The sort and order ride along, so a cursor used with another order is refused, not misread.

std::string encode_cursor(const std::string& raw) {
  std::string out(sodium_base64_ENCODED_LEN(raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()), raw.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::strlen(out.c_str()));
  return out;
}

std::string cursor_prefix(const UserQuery& q) {
  return std::string(user_sort_names[static_cast<int>(q.sort)]) + (q.descending ? "\ndesc\n" : "\nasc\n");
}

bool decode_cursor(const std::string& cursor, UserQuery& q) {
  if (cursor.size() > 1024) return false;
  std::string raw(cursor.size(), '\0');
  std::size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(raw.data()), raw.size(), cursor.c_str(), cursor.size(),
                        nullptr, &len, nullptr, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
    return false;
  raw.resize(len);
  const std::string prefix = cursor_prefix(q);
  if (raw.rfind(prefix, 0) != 0) return false;
  const auto first = raw.find('\n', prefix.size());
  const auto second = first == std::string::npos ? first : raw.find('\n', first + 1);
  if (second == std::string::npos) return false;
  q.after = true;
  q.after_value = raw.substr(prefix.size(), first - prefix.size());
  q.after_key = raw.substr(first + 1, second - first - 1);
  q.after_id = raw.substr(second + 1);
  return true;
}

ApiError bad_parameter(const std::string& name, const std::string& message) {
  return ApiError(400, "invalid_parameter", message, name);
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// ---- list and get -----------------------------------------------------------------------

// R-A3: the console's table reads any slice of the list: a keyset `cursor` to walk on, or
// an `offset` to jump to, in one of five orders, with the total of rows matching the filters.
void list_users(Call& c) {
  c.require(pcu::Action::list_users);
  UserQuery q;
  q.search = search_param(c);
  if (const auto t = c.query("type"); !t.empty())
    if (!(q.type = pcu::user_type_from_name(t))) throw bad_parameter("type", "type is member or guest.");
  if (const auto r = c.query("role"); !r.empty())
    if (!(q.role = pcu::role_from_name(r))) throw bad_parameter("role", "role is not a known role.");
  if (const auto s = c.query("status"); !s.empty())
    if (!(q.status = pcu::user_status_from_name(s)) || *q.status == pcu::UserStatus::removed)
      throw bad_parameter("status", "status is active, invitation_pending or disabled.");
  q.tenant_id = c.query("tenant");
  if (const auto s = c.query("sort"); !s.empty()) {
    const auto* found = std::find(std::begin(user_sort_names), std::end(user_sort_names), s);
    if (found == std::end(user_sort_names))
      throw bad_parameter("sort", "sort is name, username, type, status or last_activity.");
    q.sort = static_cast<UserSort>(found - std::begin(user_sort_names));
  }
  if (const auto o = c.query("order"); !o.empty()) {
    if (o != "asc" && o != "desc") throw bad_parameter("order", "order is asc or desc.");
    q.descending = o == "desc";
  }
  const auto cursor = c.query("cursor");
  const auto offset = c.query("offset");
  if (!cursor.empty() && !offset.empty()) throw bad_parameter("offset", "Send cursor or offset, not both.");
  if (!cursor.empty() && !decode_cursor(cursor, q))
    throw bad_parameter("cursor", "cursor is not valid (or was made for another sort or order).");
  if (!offset.empty()) {
    const auto v = parse_int(offset);
    if (!v || *v < 0 || *v > 100000000) throw bad_parameter("offset", "offset is a whole number from 0.");
    q.offset = static_cast<std::size_t>(*v);
  }
  q.limit = page_limit(c, 50, 200) + 1;  // one more tells whether a next page exists
  const std::int64_t total = c.store().count_users(q);

  std::string body;
  body.reserve(512 + q.limit * 400);
  JsonWriter w(body);
  w.begin_object().key("users").begin_array();
  std::size_t n = 0;
  std::string last_sort_value, last_key, last_id;  // of the last row written: the next cursor
  bool more = false;
  c.store().each_user(q, [&](const UserListRow& r) {
    if (++n == q.limit) {  // the extra row: there is a next page
      more = true;
      return;
    }
    write_user_row(w, r);
    last_sort_value = r.sort_value;
    last_key = lower(std::string(r.username));
    last_id = r.id;
  });
  w.end_array().key("total").value(total).key("next_cursor");
  if (more) w.value(encode_cursor(cursor_prefix(q) + last_sort_value + "\n" + last_key + "\n" + last_id));
  else w.null();
  w.end_object();
  c.reply_text(200, std::move(body));
}

void reply_user(Call& c, int status, const UserRecord& u) {
  c.res.set_header("ETag", "\"" + std::to_string(u.account->version) + "\"");
  c.reply(status, user_json(u));
}

void get_user(Call& c) {
  c.require(pcu::Action::list_users);
  const auto u = c.account_user(c.path_param(1));
  pcu::json j = user_json(u);
  j["invitation"] = pending_invitation_json(c, u.directory.id);  // with its mail delivery
  c.res.set_header("ETag", "\"" + std::to_string(u.account->version) + "\"");
  c.reply(200, j);
}

// ---- add existing (R-UM1) and create (R-UM3..R-UM6) ---------------------------------------

void add_existing(Call& c) {
  c.require(pcu::Action::add_existing_users);
  const auto request = c.decode_body<pcu::AddExistingRequest>();
  StoreFacts facts(c.store(), c.me().acting_tenant);
  reject_problems(pcu::validate_add_existing(request, facts));
  // Sign-in finds an account user by username alone, so a username is one account user's: a
  // directory user of this tenant is not added while another tenant's account user (a guest
  // invited there, say) has its username.
  pcu::Problems in_use;
  for (std::size_t i = 0; i < request.user_ids.size(); ++i) {
    const auto d = c.store().directory_user(request.user_ids[i]);
    // R-UM8: a guest signs in only after accepting an invitation, which sets its password. One
    // that never accepted (removed or revoked while pending) is invited again, not added.
    if (d && d->type == pcu::UserType::guest && d->password_hash.empty()) {
      in_use.push_back({"user_ids", request.user_ids[i], i + 1, "guest_not_accepted",
                        pcu::detail::quoted(d->username) + " is a guest that never accepted an invitation: "
                                                           "invite the address again instead."});
      continue;
    }
    const auto holder = d ? c.store().directory_user_by_username(d->username) : std::nullopt;
    if (!holder || holder->id == d->id) continue;
    const auto held = c.store().user(holder->id);
    if (held && held->account)
      in_use.push_back({"user_ids", request.user_ids[i], i + 1, "username_in_use",
                        pcu::detail::quoted(d->username) + " is already the username of an account user of another "
                                                           "tenant (or of a pending invitation)."});
  }
  reject_problems(std::move(in_use));
  pcu::json added = pcu::json::array();
  for (const auto& id : request.user_ids) {
    AccountUserRow row;
    row.user_id = id;
    row.access = request.access;  // R-UM1: one access for all chosen users
    row.added_at = c.now;
    c.store().insert_account_user(row);
    const auto u = c.store().user(id);
    c.audit("add_user", id, nullptr, user_json(*u));
    added.push_back(user_json(*u));
  }
  c.reply(201, {{"users", std::move(added)}});
}

void create_user(Call& c) {
  c.require(pcu::Action::create_user);
  const auto request = c.decode_body<pcu::CreateUserRequest>();
  const std::string tenant = c.me().acting_tenant;
  StoreFacts facts(c.store(), tenant);
  reject_problems(pcu::validate_create_user(request, facts));
  const auto groups = group_ids_of(c, tenant, request.groups, "groups");

  const std::string password = temporary_password();
  DirectoryUserRow d;
  d.id = random_id("u-");
  d.tenant_id = tenant;
  d.first_name = std::string(pcu::detail::trim(request.first_name));
  d.last_name = std::string(pcu::detail::trim(request.last_name));
  d.username = request.username;
  d.recovery_email = request.recovery_email;
  d.type = pcu::UserType::member;
  d.global_admin = request.global_admin;
  d.password_hash = c.app.hasher.hash(password);  // R-UM6: only the hash is kept
  d.must_change_password = true;
  d.created_at = c.now;
  c.store().insert_directory_user(d);
  AccountUserRow a;
  a.user_id = d.id;
  a.access = request.access;
  a.added_at = c.now;
  c.store().insert_account_user(a);
  c.store().set_user_groups(d.id, groups);
  const auto u = c.store().user(d.id);
  c.audit("create_user", d.id, nullptr, user_json(*u));
  c.res.set_header("Cache-Control", "no-store");
  c.res.set_header("ETag", "\"" + std::to_string(u->account->version) + "\"");
  c.reply(201, {{"user", user_json(*u)}, {"temporary_password", password}});
}

// ---- edit (R-UM13, R-UM16) ---------------------------------------------------------------

std::optional<std::int64_t> if_match_version(const httplib::Request& req) {
  std::string v = req.get_header_value("If-Match");
  if (v.rfind("W/", 0) == 0) v = v.substr(2);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  return parse_int(v);
}

void edit_user(Call& c) {
  if (!c.req.has_header("If-Match"))
    throw ApiError(412, "if_match_required", "Send If-Match with the user's ETag (its version).");
  const auto request = c.decode_body<pcu::EditUserRequest>();
  const UserRecord target = c.account_user(c.path_param(1));
  // R-UM13: name and username, groups, and access are separate actions with separate needs.
  // R-A6: enabling and disabling is a directory change too (the directory user's enabled flag).
  if (request.first_name || request.last_name || request.username || request.enabled)
    c.require(pcu::Action::edit_profile, &target);
  if (request.groups) c.require(pcu::Action::edit_groups, &target);
  if (request.access || !request.directory_change()) c.require(pcu::Action::edit_access, &target);
  const auto version = if_match_version(c.req);
  if (!version || *version != target.account->version)
    throw ApiError(412, "version_mismatch", "The user changed since you read it; reload and try again.");

  StoreFacts facts(c.store(), target.directory.tenant_id);
  pcu::EditContext context{c.me().user.directory.id == target.directory.id, target.directory.username,
                           target.account->access};
  reject_problems(pcu::validate_edit_user(request, facts, context));
  if (request.enabled && target.account->status == pcu::UserStatus::invitation_pending)
    throw ApiError(409, "user_pending", "The user has not accepted its invitation yet; revoke the invitation instead.");
  std::optional<std::vector<std::string>> groups;
  if (request.groups) groups = group_ids_of(c, target.directory.tenant_id, *request.groups, "groups");

  DirectoryUserRow d = target.directory;
  if (request.first_name) d.first_name = std::string(pcu::detail::trim(*request.first_name));
  if (request.last_name) d.last_name = std::string(pcu::detail::trim(*request.last_name));
  if (request.username) d.username = *request.username;
  if (request.directory_change()) c.store().update_directory_user(d);
  if (groups) c.store().set_user_groups(d.id, *groups);
  AccountUserRow a = *target.account;
  if (request.access) a.access = *request.access;
  if (request.enabled) a.status = *request.enabled ? pcu::UserStatus::active : pcu::UserStatus::disabled;
  a.version += 1;
  c.store().update_account_user(a);
  if (a.status == pcu::UserStatus::disabled) {  // R-A6: at once, and no recovery link lets it back in
    c.store().delete_sessions_of(d.id);
    c.store().delete_recoveries_of(d.id);
  }
  const auto after = c.store().user(d.id);
  c.audit("edit_user", d.id, user_json(target), user_json(*after));
  reply_user(c, 200, *after);
}

// ---- remove (R-UM15) and reset password (R-UM11) -------------------------------------------

void remove_user(Call& c) {
  const UserRecord target = c.account_user(c.path_param(1));
  c.require(pcu::Action::remove_user, &target);
  c.expect_no_members();
  if (auto invitation = c.store().pending_invitation_of(target.directory.id)) {
    invitation->status = InvitationStatus::revoked;
    c.store().update_invitation(*invitation);
  }
  c.store().delete_account_user(target.directory.id);
  c.store().delete_sessions_of(target.directory.id);  // R-A6: sessions end at once
  c.store().delete_recoveries_of(target.directory.id);
  c.audit("remove_user", target.directory.id, user_json(target), nullptr);
  c.reply(200, {{"removed", target.directory.id}});
}

void reset_password(Call& c) {
  const UserRecord target = c.account_user(c.path_param(1));
  c.require(pcu::Action::reset_password, &target);
  c.expect_no_members();
  const std::string password = temporary_password();
  c.store().set_password(target.directory.id, c.app.hasher.hash(password), true);
  c.store().delete_sessions_of(target.directory.id);  // R-UM11
  c.store().delete_recoveries_of(target.directory.id);  // the reset's password is the one to change
  c.audit("reset_password", target.directory.id, nullptr, {{"must_change_password", true}});
  c.res.set_header("Cache-Control", "no-store");
  c.reply(200, {{"user_id", target.directory.id},
                {"username", target.directory.username},
                {"temporary_password", password}});
}

}  // namespace

void add_user_routes(RouteTable& t) {
  t.push_back({"GET", "/api/v1/users", Auth::session, false, list_users});
  t.push_back({"POST", "/api/v1/users", Auth::session, true, add_existing});
  t.push_back({"POST", "/api/v1/directory/users", Auth::session, true, create_user});
  t.push_back({"GET", "/api/v1/users/{id}", Auth::session, false, get_user});
  t.push_back({"PATCH", "/api/v1/users/{id}", Auth::session, true, edit_user});
  t.push_back({"DELETE", "/api/v1/users/{id}", Auth::session, true, remove_user});
  t.push_back({"POST", "/api/v1/users/{id}/password-reset", Auth::session, true, reset_password});
}

}  // namespace pcu::server
