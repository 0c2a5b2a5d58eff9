// sqlite_store.hpp: the Store on SQLite: WAL mode, foreign keys on, one connection per thread
// with its prepared statements cached, writes serialized by one mutex (no busy waiting), and
// WAL checkpoints on a thread of their own, so no request pays for one while holding the lock
// (and the WAL is started again once copied, so it stays small under a steady load, and
// emptied once the writes stop).
// Each reader connection keeps the sessions and users it read until the next write commits
// (record_cache.hpp); one process a database file (instance_lock.hpp).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "instance_lock.hpp"
#include "record_cache.hpp"
#include "store.hpp"

struct sqlite3;

namespace pcu::server {

class SqliteStore final : public Store {
 public:
  // Opens (creating) the database file and applies the missing migrations.
  explicit SqliteStore(std::string path);
  ~SqliteStore() override;

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
  std::size_t group_count(const std::string& tenant_id) override;
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
  RecordCache* records();
  void read_groups(UserRecord& r);

  void checkpoint_loop();
  static int wal_committed(void* store, sqlite3* db, const char* name, int frames);
  // A checkpoint that starts the WAL again holds the write lock for its last copy and its two
  // fsyncs (5-14 ms here), so it is worth doing rarely: 16,000 frames (about 66 MB of WAL).
  static constexpr int wal_checkpoint_frames = 16000;
  static constexpr int wal_ceiling_frames = 24000;     // about 99 MB
  static constexpr int checkpoint_reader_wait_ms = 20;

  std::string path_;
  InstanceLock instance_lock_;  // taken before the first connection opens
  std::uint64_t instance_;
  std::atomic<std::uint64_t> generation_{0};  // write transactions committed
  std::unique_ptr<Connection> writer_;  // every write transaction's, under write_mutex_
  std::mutex write_mutex_;
  std::mutex checkpoint_mutex_;
  std::condition_variable checkpoint_wake_;
  bool stopping_ = false;
  bool checkpoint_due_ = false;
  std::thread checkpointer_;
};

}  // namespace pcu::server
