// routes_invitations.cpp: invite outside users from one pasted text, list, resend, revoke,
// and accept with the single-use link (R-UM7, R-UM8, R-UM9, R-A6).
#include <algorithm>

#include "http_app.hpp"
#include "mail_message.hpp"
#include "token_format.hpp"
#include "tokens.hpp"

namespace pcu::server {

namespace {

pcu::json invitation_json(const InvitationRow& r, std::int64_t now) {
  return {{"id", r.id},
          {"user_id", r.user_id},
          {"tenant", r.tenant_id},
          {"email", r.email},
          {"display_name", r.display_name},
          {"status", invitation_status_names[static_cast<int>(r.status)]},
          {"expired", r.status == InvitationStatus::pending && r.expires_at <= now},
          {"invited_by", r.invited_by},
          {"created_at", r.created_at},
          {"expires_at", r.expires_at},
          {"last_sent_at", r.last_sent_at}};
}

// The delivery of the invitation's newest message, for Owner and Managers to follow:
// {state: queued|sending|sent|failed, attempts, last_error, sent_at, next_attempt_at}.
pcu::json delivery_json(const MailDelivery& d) {
  pcu::json j = {{"state", mail_state_names[static_cast<int>(d.state)]},
                 {"attempts", d.attempts},
                 {"last_error", nullptr},
                 {"sent_at", nullptr},
                 {"next_attempt_at", nullptr},
                 {"message_id", d.message_id}};
  if (!d.last_error.empty()) j["last_error"] = d.last_error;
  if (d.sent_at) j["sent_at"] = *d.sent_at;
  if (d.next_attempt_at) j["next_attempt_at"] = *d.next_attempt_at;
  return j;
}

pcu::json with_delivery(Call& c, const InvitationRow& r) {
  pcu::json j = invitation_json(r, c.now);
  const auto d = c.store().invitation_delivery(r.id);
  j["delivery"] = d ? delivery_json(*d) : pcu::json(nullptr);
  return j;
}

// Issues a new link: the token goes into the message only; the invitation keeps its hash.
OutboxMessage new_link(Call& c, InvitationRow& r) {
  const std::string token = ordered_token();
  r.token_hash = ordered_token_key(token);
  r.expires_at = c.now + std::int64_t{c.app.options.invite_expiry_days} * 86400;
  r.last_sent_at = c.now;
  const std::string who = c.me().user.directory.first_name + " " + c.me().user.directory.last_name;
  OutboxMessage m = invitation_message(r.display_name, r.email, who,
                                       console_link(c.app.options.public_url, "accept", token), r.expires_at);
  m.invitation_id = r.id;
  return m;
}

// Queues the link's message in the request's transaction; returns the delivery just queued.
MailDelivery queue_link(Call& c, OutboxMessage message) {
  MailDelivery queued;
  queued.message_id = c.send_mail(std::move(message));
  return queued;
}

void list_invitations(Call& c) {
  c.require(pcu::Action::list_users);
  std::optional<InvitationStatus> status;
  if (const auto s = c.query("status"); !s.empty()) {
    if (s == "pending") status = InvitationStatus::pending;
    else if (s == "accepted") status = InvitationStatus::accepted;
    else if (s == "revoked") status = InvitationStatus::revoked;
    else throw ApiError(400, "invalid_parameter", "status is pending, accepted or revoked.", "status");
  }
  pcu::json out = pcu::json::array();
  for (const auto& r : c.store().invitations(c.me().acting_tenant, status, page_limit(c, 100, 1000)))
    out.push_back(with_delivery(c, r));
  c.reply(200, {{"invitations", std::move(out)}});
}

// R-UM3: a guest's first name is its display name (or else the address's local part), cut to
// the name_max characters a name may have: a display name may be longer (display_name_max).
std::string guest_first_name(const pcu::InviteAddress& a) {
  const std::string_view source = a.display_name.empty()
                                      ? std::string_view(a.address).substr(0, a.address.find('@'))
                                      : std::string_view(a.display_name);
  std::size_t characters = 0, end = 0;
  for (; end < source.size(); ++end)
    if ((static_cast<unsigned char>(source[end]) & 0xC0) != 0x80 && characters++ == pcu::limits::name_max) break;
  return std::string(pcu::detail::trim(source.substr(0, end)));
}

// One address of an invitation list, made ready before the write transaction.
struct PreparedInvitation {
  DirectoryUserRow guest;  // inserted unless the tenant has a directory user of the address
  InvitationRow invitation;
  OutboxMessage message;
  pcu::json json;  // the answer's and the audit's shape, without the user id
};

// R-UM7 R-UM8. Writes have one writer at a time (SQLite's lock, or PostgreSQL's advisory
// lock), so what does not depend on the database is made before the write transaction, in
// parallel with other requests: the parsed list, ids, link tokens and their hashes, the
// messages, the JSON. In the transaction the parsed list is validated against the database
// (with every problem of the text, as before) and the rows are written; all or nothing.
void create_invitations(Call& c) {
  c.require(pcu::Action::invite_users);
  const auto request = c.decode_body<pcu::InviteRequest>();
  const std::string tenant = c.me().acting_tenant;
  const auto list = pcu::parse_invite_list(request.text);

  const std::string access_json = pcu::access_to_json(request.access).dump();
  // Ids start with the time; sorted, the rows go in at the right edge of each id index, in
  // order, where new pages are cheapest (ids made in one millisecond differ in random bits).
  const auto sorted_ids = [n = list.addresses.size()](std::string_view prefix) {
    std::vector<std::string> ids(n);
    for (auto& id : ids) id = random_id(prefix);
    std::sort(ids.begin(), ids.end());
    return ids;
  };
  const auto user_ids = sorted_ids("u-");
  const auto invitation_ids = sorted_ids("i-");
  std::vector<PreparedInvitation> prepared;
  prepared.reserve(list.addresses.size());
  for (const auto& address : list.addresses) {
    PreparedInvitation p;
    p.guest.id = user_ids[prepared.size()];
    p.guest.tenant_id = tenant;
    p.guest.first_name = guest_first_name(address);
    p.guest.username = address.address;
    p.guest.type = pcu::UserType::guest;
    p.guest.created_at = c.now;
    InvitationRow& r = p.invitation;
    r.id = invitation_ids[prepared.size()];
    r.tenant_id = tenant;
    r.email = address.address;
    r.display_name = address.display_name;
    r.invited_by = c.me().user.directory.id;
    r.created_at = c.now;
    p.message = new_link(c, r);
    p.json = invitation_json(r, c.now);
    prepared.push_back(std::move(p));
  }

  c.store().transaction([&] {
    reject_problems(pcu::invite_problems(list, request.access, StoreFacts(c.store(), tenant)));
    // R-UM8 makes guests; a member of this tenant's directory is added as an existing user
    // (R-UM1) instead, and keeps its own password (accepting would set a new one).
    std::vector<std::optional<DirectoryUserRow>> existing;
    pcu::Problems members;
    for (std::size_t i = 0; i < prepared.size(); ++i) {
      existing.push_back(c.store().directory_user_in_tenant(tenant, prepared[i].guest.username));
      if (existing.back() && existing.back()->type == pcu::UserType::member)
        members.push_back(pcu::detail::email_text::item_problem(
            list.addresses[i].address, list.addresses[i].position, "directory_member",
            "a member of this directory: add it as an existing user instead"));
    }
    reject_problems(std::move(members));
    check_invite_rate(c);  // R-UM9 beyond: per user, per server instance; refused requests do not count
    for (std::size_t i = 0; i < prepared.size(); ++i) {
      auto& p = prepared[i];
      // R-UM8: a guest directory user of the acting tenant, shown as Invitation pending.
      auto d = std::move(existing[i]);
      if (!d) {
        c.store().insert_directory_user(p.guest);
        d = p.guest;
      }
      AccountUserRow a;
      a.user_id = d->id;
      a.status = pcu::UserStatus::invitation_pending;
      a.access = request.access;
      a.added_at = c.now;
      c.store().insert_account_user(a);
      p.invitation.user_id = d->id;
      p.json["user_id"] = d->id;
      const MailDelivery queued = queue_link(c, std::move(p.message));
      c.store().insert_invitation(p.invitation);
      c.audit_text("invite_user", d->id, "null",
                   R"({"access":)" + access_json + R"(,"invitation":)" + p.json.dump() + "}");
      p.json["delivery"] = delivery_json(queued);
    }
  });
  pcu::json created = pcu::json::array();
  for (auto& p : prepared) created.push_back(std::move(p.json));
  c.reply(201, {{"invitations", std::move(created)}});
}

// The invitation of the path and its invitee, or 404.
std::pair<InvitationRow, UserRecord> invitation_and_user(Call& c) {
  auto r = c.store().invitation(c.path_param(1));
  if (!r) throw not_found("The invitation");
  auto u = c.store().user(r->user_id);
  if (!u) throw not_found("The invitation's user");
  return {std::move(*r), std::move(*u)};
}

void resend(Call& c) {
  auto [r, user] = invitation_and_user(c);
  c.require(pcu::Action::resend_invitation, &user);
  c.expect_no_members();
  if (r.status != InvitationStatus::pending)
    throw ApiError(409, "invitation_not_pending", "Only pending invitations can be resent.");
  const auto wait = r.last_sent_at + pcu::limits::resend_interval_seconds - c.now;
  if (wait > 0) {
    c.res.set_header("Retry-After", std::to_string(wait));
    throw ApiError(429, "resend_too_soon", "An invitation can be resent once a minute.");
  }
  check_invite_rate(c);  // R-UM9 beyond: per user, per server instance; refused requests do not count
  const auto before = invitation_json(r, c.now);
  queue_link(c, new_link(c, r));  // R-UM9: the old link stops working: its hash is gone
  c.store().update_invitation(r);
  const auto after = invitation_json(r, c.now);
  c.audit("resend_invitation", r.user_id, before, after);
  c.reply(200, with_delivery(c, r));
}

void revoke(Call& c) {
  auto [r, user] = invitation_and_user(c);
  c.require(pcu::Action::revoke_invitation, &user);
  c.expect_no_members();
  if (r.status != InvitationStatus::pending)
    throw ApiError(409, "invitation_not_pending", "Only pending invitations can be revoked.");
  const auto before = invitation_json(r, c.now);
  r.status = InvitationStatus::revoked;
  c.store().update_invitation(r);
  if (user.account && user.account->status == pcu::UserStatus::invitation_pending)
    c.store().delete_account_user(user.directory.id);
  const auto after = invitation_json(r, c.now);
  c.audit("revoke_invitation", r.user_id, before, after);
  c.reply(200, after);
}

// R-UM8: the link sets the guest's password and makes the invitation accepted. No session.
void accept(Call& c) {
  const auto fields = read_string_fields(c.json_body(), {{"token", true, 128}, {"password", true, 1024}});
  std::optional<InvitationRow> r;
  if (token_well_formed(fields[0])) {
    r = c.store().invitation_by_token(ordered_token_key(fields[0]));
    // Links sent before ordered tokens (2026-11-29) are stored by their hash alone.
    if (!r) r = c.store().invitation_by_token(token_hash(fields[0]));
  }
  if (!r || r->status != InvitationStatus::pending)
    throw ApiError(404, "invitation_not_found", "This invitation link is not valid: it was used, replaced or revoked.");
  if (r->expires_at <= c.now)
    throw ApiError(409, "invitation_expired", "This invitation has expired; ask for it to be resent.");
  reject_problems(pcu::validate_password(fields[1], "password"));
  auto user = c.store().user(r->user_id);
  if (!user || !user->account) throw ApiError(404, "invitation_not_found", "This invitation is no longer valid.");
  c.store().set_password(r->user_id, c.app.hasher.hash(fields[1]), false);
  AccountUserRow a = *user->account;
  a.status = pcu::UserStatus::active;
  a.version += 1;
  c.store().update_account_user(a);
  const auto before = invitation_json(*r, c.now);
  r->status = InvitationStatus::accepted;
  c.store().update_invitation(*r);
  c.store().append_audit({0, c.now, r->user_id, "accept_invitation", r->user_id, before.dump(),
                          invitation_json(*r, c.now).dump()});
  c.reply(200, {{"user_id", r->user_id}, {"username", user->directory.username}});
}

}  // namespace

pcu::json pending_invitation_json(Call& c, const std::string& user_id) {
  const auto r = c.store().pending_invitation_of(user_id);
  if (!r) return nullptr;
  return with_delivery(c, *r);
}

void add_invitation_routes(RouteTable& t) {
  t.push_back({"GET", "/api/v1/invitations", Auth::session, false, list_invitations});
  // Not one write transaction: create_invitations opens its own, after preparing the rows.
  t.push_back({"POST", "/api/v1/invitations", Auth::session, false, create_invitations});
  t.push_back({"POST", "/api/v1/invitations/accept", Auth::none, true, accept});
  t.push_back({"POST", "/api/v1/invitations/{id}/resend", Auth::session, true, resend});
  t.push_back({"DELETE", "/api/v1/invitations/{id}", Auth::session, true, revoke});
}

}  // namespace pcu::server
