// pg_store.hpp: the Store on PostgreSQL (libpq), for several pcu-server instances on one
// database. One connection per thread and store (a pool as large as the server's threads),
// statements prepared once per connection. Every write transaction first takes one
// transaction-scoped advisory lock, so writers are serialized across all instances exactly as
// SqliteStore serializes them inside one process (BEGIN IMMEDIATE and a mutex): the routes'
// validator reads inside the transaction see every earlier commit, and the second of two racing
// requests is refused (409, 412) instead of both passing. Reads outside transaction() run in
// autocommit and never wait for writers. Mail claims also use FOR UPDATE SKIP LOCKED, so no
// two workers of any instance ever hold the same message.
#pragma once

#include <cstdint>
#include <string>

#include "store.hpp"

namespace pcu::server {

class PgStore final : public Store {
 public:
  // Connects to `url` (postgres://... or postgresql://..., any libpq connection string) and
  // applies the missing migrations.
  explicit PgStore(std::string url);
  ~PgStore() override;

  void transaction(const std::function<void()>& body) override;
  void read(const std::function<void()>& body) override;

  bool initialized() override;
  void create_account(const std::string& name, const std::string& owner_id, std::int64_t now) override;
  std::string owner_id() override;

  void insert_tenant(const TenantRow& tenant) override;
  std::vector<TenantRow> tenants() override;
  std::optional<TenantRow> tenant(const std::string& id) override;
  bool domain_verified(const std::string& tenant_id, std::string_view domain) override;

  void insert_directory_user(const DirectoryUserRow& user) override;
  void update_directory_user(const DirectoryUserRow& user) override;
  std::optional<DirectoryUserRow> directory_user(const std::string& id) override;
  std::optional<DirectoryUserRow> directory_user_by_username(std::string_view username) override;
  std::optional<DirectoryUserRow> directory_user_in_tenant(const std::string& tenant_id,
                                                           std::string_view username) override;
  std::vector<UserRecord> search_directory(const DirectoryQuery& query) override;
  void set_password(const std::string& user_id, const std::string& hash, bool must_change) override;

  void insert_account_user(const AccountUserRow& row) override;
  void update_account_user(const AccountUserRow& row) override;
  void delete_account_user(const std::string& user_id) override;
  std::optional<UserRecord> user(const std::string& user_id) override;
  void each_user(const UserQuery& query, const std::function<void(const UserListRow&)>& row) override;
  std::int64_t count_users(const UserQuery& query) override;
  bool email_in_use(std::string_view email) override;
  void set_last_activity(const std::string& user_id, std::int64_t at) override;

  void insert_group(const GroupRow& group) override;
  void set_group_access(const std::string& group_id, const std::optional<pcu::Access>& access) override;
  std::vector<GroupRow> groups(const std::string& tenant_id) override;
  std::optional<GroupRow> group(const std::string& id) override;
  std::optional<std::string> group_id_in_tenant(const std::string& tenant_id, std::string_view key) override;
  void set_user_groups(const std::string& user_id, const std::vector<std::string>& group_ids) override;
  std::vector<pcu::GroupAccess> group_access_of(const std::string& user_id) override;

  void insert_product(const ProductRecord& product) override;
  std::vector<ProductRecord> products() override;

  void insert_session(const SessionRow& session) override;
  std::optional<SessionRow> session(const std::string& token_hash) override;
  std::optional<SignedIn> session_user(const std::string& token_hash) override;
  void delete_session(const std::string& token_hash) override;
  void delete_sessions_of(const std::string& user_id) override;
  void set_acting_tenant(const std::string& token_hash, const std::string& tenant_id) override;
  void purge_sessions(std::int64_t now) override;
  SignInFailures sign_in_failures(const std::string& username_key) override;
  void set_sign_in_failures(const std::string& username_key, const SignInFailures& failures) override;
  void clear_sign_in_failures(const std::string& username_key) override;

  void insert_invitation(const InvitationRow& invitation) override;
  void update_invitation(const InvitationRow& invitation) override;
  std::optional<InvitationRow> invitation(const std::string& id) override;
  std::optional<InvitationRow> invitation_by_token(const std::string& token_hash) override;
  std::optional<InvitationRow> pending_invitation_of(const std::string& user_id) override;
  std::vector<InvitationRow> invitations(const std::string& tenant_id, std::optional<InvitationStatus> status,
                                         std::size_t limit) override;
  void insert_recovery(const RecoveryRow& row) override;
  std::optional<RecoveryRow> recovery(const std::string& token_hash) override;
  void delete_recoveries_of(const std::string& user_id) override;

  void insert_visit(const std::string& user_id, const std::string& path, std::int64_t at) override;
  void purge_visits(std::int64_t older_than) override;
  std::vector<VisitRow> visits(const std::string& user_id, std::int64_t since, std::size_t limit) override;

  void append_audit(const AuditRow& row) override;
  std::vector<AuditRow> audit(const AuditQuery& query) override;

  void enqueue_mail(const OutboxMessage& message) override;
  std::vector<OutboxMessage> claim_mail(std::int64_t now, std::int64_t lease_seconds, std::size_t limit) override;
  void record_mail_attempt(std::int64_t id, std::int64_t at, MailState state, const std::string& reply,
                           std::int64_t next_attempt_at) override;
  std::optional<MailDelivery> invitation_delivery(const std::string& invitation_id) override;

  class Connection;

 private:
  Connection& connection();

  std::string url_;
  std::uint64_t instance_;
};

// The advisory lock every write transaction holds (any constant, the same in every instance);
// `migrate-db` takes it too.
inline constexpr std::int64_t pg_write_lock_key = 0x7063757365727301;

// True when `db` names a PostgreSQL database (postgres:// or postgresql://).
inline bool is_postgres_url(const std::string& db) {
  return db.rfind("postgres://", 0) == 0 || db.rfind("postgresql://", 0) == 0;
}

}  // namespace pcu::server
