// store.hpp: what the server keeps, behind an interface. SqliteStore implements it today; a
// PostgreSQL store will implement it later. Routes talk to this interface only, never SQL.
// Every method runs on the calling thread's connection; transaction() makes a group of them
// one atomic write (a throw inside rolls everything back).
//
// Sections: rows · queries · the interface
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <pcu/model.hpp>

namespace pcu::server {

// ---- rows -----------------------------------------------------------------------------

struct TenantRow {
  std::string id;
  std::string name;
  std::vector<std::string> domains;  // verified domains
};

struct DirectoryUserRow {
  std::string id;
  std::string tenant_id;
  std::string first_name;
  std::string last_name;
  std::string username;
  std::string recovery_email;
  pcu::UserType type = pcu::UserType::member;
  bool global_admin = false;
  std::string password_hash;  // empty: no password yet (pending guest)
  bool must_change_password = false;
  std::int64_t created_at = 0;
};

// An account user: a directory user with access to the account (the owner included).
struct AccountUserRow {
  std::string user_id;
  bool owner = false;
  pcu::UserStatus status = pcu::UserStatus::active;
  pcu::Access access;
  std::int64_t version = 1;  // ETag of the user; bumped by every change
  std::int64_t added_at = 0;
  std::optional<std::int64_t> last_activity;
  std::string access_text;  // the stored JSON of `access`, when a store reads a list row into a record
};

struct UserRecord {
  DirectoryUserRow directory;
  std::optional<AccountUserRow> account;  // absent: not an account user
  std::vector<std::string> group_ids;
  // The access of the user's groups that grant any (by group id), when the store read it
  // with the record; absent, group_access_of() is asked.
  std::optional<std::vector<pcu::GroupAccess>> group_access = std::nullopt;
};

struct SessionRow {
  std::string token_hash;
  std::string user_id;
  std::string csrf_token;
  std::string acting_tenant;
  std::int64_t created_at = 0;
  std::int64_t expires_at = 0;
};

struct SignInFailures {
  int count = 0;
  std::int64_t last_at = 0;
  std::int64_t locked_until = 0;
};

struct GroupRow {
  std::string id;
  std::string tenant_id;
  std::string display_name;
  std::string description;
  std::optional<pcu::Access> access;
  std::vector<std::string> members;
  std::int64_t created_at = 0;
};

struct ProductRecord {
  std::string id;
  std::string name;
};

enum class InvitationStatus { pending, accepted, revoked };
inline constexpr std::string_view invitation_status_names[] = {"pending", "accepted", "revoked"};

struct InvitationRow {
  std::string id;
  std::string user_id;
  std::string tenant_id;
  std::string email;
  std::string display_name;
  InvitationStatus status = InvitationStatus::pending;
  std::string token_hash;
  std::string invited_by;
  std::int64_t created_at = 0;
  std::int64_t expires_at = 0;
  std::int64_t last_sent_at = 0;
};

struct RecoveryRow {
  std::string token_hash;
  std::string user_id;
  std::int64_t expires_at = 0;
};

struct VisitRow {
  std::string path;
  std::int64_t at = 0;
};

struct AuditRow {
  std::int64_t id = 0;
  std::int64_t at = 0;
  std::string actor_id;
  std::string action;
  std::string target_id;
  std::string before;  // JSON text, "null" when nothing was there
  std::string after;
};

// One message of the outbox. `to` is a header mailbox (`"Name" <addr>` or `addr`); `body` is
// the plain text and `html` the HTML alternative (empty: plain text only). `message_id`
// (without <>) is given once at enqueue and kept across retries, so a resend is recognisable.
struct OutboxMessage {
  std::int64_t id = 0;
  std::string to;
  std::string subject;
  std::string body;
  std::int64_t created_at = 0;
  std::string html;
  std::string message_id;     // empty at enqueue: the store makes one
  std::string invitation_id;  // the invitation the message is about, if any
  int attempts = 0;           // attempts made before this claim
};

// Where a message is: queued (waiting, maybe for a retry), sending (claimed by a worker),
// sent (the server accepted it) or failed (refused for good, or out of attempts).
enum class MailState { queued, sending, sent, failed };
inline constexpr std::string_view mail_state_names[] = {"queued", "sending", "sent", "failed"};

struct MailDelivery {
  std::int64_t outbox_id = 0;
  MailState state = MailState::queued;
  int attempts = 0;
  std::string last_error;  // the server's reply or the transport error of the last failed attempt
  std::optional<std::int64_t> sent_at;
  std::optional<std::int64_t> next_attempt_at;  // queued after a failure
  std::string message_id;
};

// A write that broke a uniqueness or reference constraint (e.g. two requests racing for one
// username); the route boundary answers 409.
struct StoreConflict : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// ---- queries --------------------------------------------------------------------------

// The orders of the users list. Each sorts by its key, then by lower-case username, then id.
enum class UserSort { name, username, type, status, last_activity };
inline constexpr std::string_view user_sort_names[] = {"name", "username", "type", "status", "last_activity"};

struct UserQuery {
  std::string search;   // part of first name, last name or username, case-insensitive
  std::optional<pcu::UserType> type;
  std::optional<pcu::Role> role;
  std::optional<pcu::UserStatus> status;
  std::string tenant_id;
  UserSort sort = UserSort::name;
  bool descending = false;
  // Where the page starts: after the keyset cursor (the previous page's last row: its sort
  // value, lower-case username and id), or at `offset` rows, or at the start.
  bool after = false;
  std::string after_value;
  std::string after_key;
  std::string after_id;
  std::size_t offset = 0;
  std::size_t limit = 50;

  bool filtered() const { return !search.empty() || type || role || status || !tenant_id.empty(); }
};

// One row of the users list as the store reads it: views into the store's row buffers, valid
// during the callback only (the list is answered straight from them, without copies).
struct UserListRow {
  bool account_user = true;  // false: a directory user only, without the account's fields
  std::string_view id, tenant_id, first_name, last_name, username, type, status;
  std::string_view access_json;  // the stored JSON of the access
  std::string_view sort_value;   // as text; cursors carry it
  bool global_admin = false;
  bool owner = false;
  std::int64_t version = 1;
  std::int64_t added_at = 0;
  std::optional<std::int64_t> last_activity;
};

struct DirectoryQuery {
  std::string tenant_id;
  std::string search;
  std::size_t limit = 50;
};

struct AuditQuery {
  std::string actor_id;
  std::string action;
  std::string target_id;
  std::optional<std::int64_t> from;
  std::optional<std::int64_t> to;
  std::optional<std::int64_t> before_id;  // keyset cursor: entries older than this id
  std::size_t limit = 100;
};

// ---- the interface --------------------------------------------------------------------

class Store {
 public:
  virtual ~Store() = default;

  // Runs `body` as one write transaction; nested calls join the outer one.
  virtual void transaction(const std::function<void()>& body) = 0;
  // Runs `body`'s reads on one snapshot (a read transaction), which also spares a store the
  // cost of starting one per statement. A write inside ends the snapshot and starts a new one
  // after it. The default runs `body` as it is.
  virtual void read(const std::function<void()>& body) { body(); }

  // account
  virtual bool initialized() = 0;
  virtual void create_account(const std::string& name, const std::string& owner_id, std::int64_t now) = 0;
  virtual std::string owner_id() = 0;

  // tenants
  virtual void insert_tenant(const TenantRow& tenant) = 0;
  virtual std::vector<TenantRow> tenants() = 0;
  virtual std::optional<TenantRow> tenant(const std::string& id) = 0;
  virtual bool domain_verified(const std::string& tenant_id, std::string_view domain) = 0;

  // directory users
  virtual void insert_directory_user(const DirectoryUserRow& user) = 0;
  virtual void update_directory_user(const DirectoryUserRow& user) = 0;
  virtual std::optional<DirectoryUserRow> directory_user(const std::string& id) = 0;
  // Sign-in name: prefers the one that is an account user when tenants share a name.
  virtual std::optional<DirectoryUserRow> directory_user_by_username(std::string_view username) = 0;
  virtual std::optional<DirectoryUserRow> directory_user_in_tenant(const std::string& tenant_id,
                                                                   std::string_view username) = 0;
  virtual std::vector<UserRecord> search_directory(const DirectoryQuery& query) = 0;
  virtual void set_password(const std::string& user_id, const std::string& hash, bool must_change) = 0;

  // account users
  virtual void insert_account_user(const AccountUserRow& row) = 0;
  virtual void update_account_user(const AccountUserRow& row) = 0;  // writes row.version as given
  virtual void delete_account_user(const std::string& user_id) = 0;
  virtual std::optional<UserRecord> user(const std::string& user_id) = 0;
  // A page of the users list: each row handed to `row` as it is read.
  virtual void each_user(const UserQuery& query, const std::function<void(const UserListRow&)>& row) = 0;
  virtual std::int64_t count_users(const UserQuery& query) = 0;  // rows matching the filters
  virtual bool email_in_use(std::string_view email) = 0;  // account user's username/email or pending invitation
  virtual void set_last_activity(const std::string& user_id, std::int64_t at) = 0;

  // groups
  virtual void insert_group(const GroupRow& group) = 0;
  virtual void set_group_access(const std::string& group_id, const std::optional<pcu::Access>& access) = 0;
  virtual std::vector<GroupRow> groups(const std::string& tenant_id) = 0;
  virtual std::size_t group_count(const std::string& tenant_id) { return groups(tenant_id).size(); }
  virtual std::optional<GroupRow> group(const std::string& id) = 0;
  // A group of the tenant by id or display name (R-UM5 names groups either way).
  virtual std::optional<std::string> group_id_in_tenant(const std::string& tenant_id, std::string_view key) = 0;
  virtual void set_user_groups(const std::string& user_id, const std::vector<std::string>& group_ids) = 0;
  virtual std::vector<pcu::GroupAccess> group_access_of(const std::string& user_id) = 0;

  // products
  virtual void insert_product(const ProductRecord& product) = 0;
  virtual std::vector<ProductRecord> products() = 0;

  // sessions and sign-in failures
  virtual void insert_session(const SessionRow& session) = 0;
  virtual std::optional<SessionRow> session(const std::string& token_hash) = 0;
  // A session with its user in one go (authentication on every request); the default asks
  // session() and user().
  struct SignedIn;
  virtual std::optional<SignedIn> session_user(const std::string& token_hash);
  virtual void delete_session(const std::string& token_hash) = 0;
  virtual void delete_sessions_of(const std::string& user_id) = 0;
  virtual void set_acting_tenant(const std::string& token_hash, const std::string& tenant_id) = 0;
  virtual void purge_sessions(std::int64_t now) = 0;
  virtual SignInFailures sign_in_failures(const std::string& username_key) = 0;
  virtual void set_sign_in_failures(const std::string& username_key, const SignInFailures& failures) = 0;
  virtual void clear_sign_in_failures(const std::string& username_key) = 0;

  // invitations and password recovery
  virtual void insert_invitation(const InvitationRow& invitation) = 0;
  virtual void update_invitation(const InvitationRow& invitation) = 0;
  virtual std::optional<InvitationRow> invitation(const std::string& id) = 0;
  virtual std::optional<InvitationRow> invitation_by_token(const std::string& token_hash) = 0;
  virtual std::optional<InvitationRow> pending_invitation_of(const std::string& user_id) = 0;
  virtual std::vector<InvitationRow> invitations(const std::string& tenant_id, std::optional<InvitationStatus> status,
                                                 std::size_t limit) = 0;
  virtual void insert_recovery(const RecoveryRow& row) = 0;
  virtual std::optional<RecoveryRow> recovery(const std::string& token_hash) = 0;
  virtual void delete_recoveries_of(const std::string& user_id) = 0;

  // history (R-UM14)
  virtual void insert_visit(const std::string& user_id, const std::string& path, std::int64_t at) = 0;
  virtual void purge_visits(std::int64_t older_than) = 0;
  virtual std::vector<VisitRow> visits(const std::string& user_id, std::int64_t since, std::size_t limit) = 0;

  // audit (R-UM17)
  virtual void append_audit(const AuditRow& row) = 0;
  virtual std::vector<AuditRow> audit(const AuditQuery& query) = 0;

  // outbox
  virtual void enqueue_mail(const OutboxMessage& message) = 0;
  // Claims up to `limit` due messages (queued and due at `now`, or claimed before `now - lease`
  // by a worker that never finished) and marks them sending; call inside transaction().
  virtual std::vector<OutboxMessage> claim_mail(std::int64_t now, std::int64_t lease_seconds, std::size_t limit) = 0;
  // Records one attempt (its time, outcome and the server's reply) and the message's new state;
  // `next_attempt_at` matters when the state is queued again.
  virtual void record_mail_attempt(std::int64_t id, std::int64_t at, MailState state, const std::string& reply,
                                   std::int64_t next_attempt_at) = 0;
  // The newest message about an invitation (the last link sent).
  virtual std::optional<MailDelivery> invitation_delivery(const std::string& invitation_id) = 0;
};

struct Store::SignedIn {
  SessionRow session;
  UserRecord user;
};

inline std::optional<Store::SignedIn> Store::session_user(const std::string& token_hash) {
  auto session = this->session(token_hash);
  if (!session) return std::nullopt;
  auto user = this->user(session->user_id);
  if (!user) return std::nullopt;
  return SignedIn{std::move(*session), std::move(*user)};
}

// The list row of a record (its views point into `u`), with the access as `access_json`.
inline UserListRow list_row_of(const UserRecord& u, std::string_view access_json, std::string_view sort_value = {}) {
  const auto& d = u.directory;
  UserListRow r;
  r.account_user = u.account.has_value();
  r.id = d.id;
  r.tenant_id = d.tenant_id;
  r.first_name = d.first_name;
  r.last_name = d.last_name;
  r.username = d.username;
  r.type = pcu::name_of(d.type);
  r.global_admin = d.global_admin;
  r.access_json = access_json;
  r.sort_value = sort_value;
  if (const auto& a = u.account) {
    r.status = pcu::name_of(a->status);
    r.owner = a->owner;
    r.version = a->version;
    r.added_at = a->added_at;
    r.last_activity = a->last_activity;
  }
  return r;
}

}  // namespace pcu::server
