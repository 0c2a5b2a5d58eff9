// sqlite_schema.hpp: the SQLite schema as numbered migrations. PRAGMA user_version holds the
// last one applied; SqliteStore applies the missing ones, in order, at start.
#pragma once

#include <array>
#include <string_view>

namespace pcu::server::sqlite_schema {

struct Migration {
  int version;
  std::string_view sql;
};

inline constexpr std::array<Migration, 9> migrations = {{
    {1, R"sql(
CREATE TABLE account (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  name TEXT NOT NULL,
  owner_id TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE tenants (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL
);
CREATE TABLE tenant_domains (
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  domain TEXT NOT NULL,
  PRIMARY KEY (tenant_id, domain)
) WITHOUT ROWID;
CREATE TABLE directory_users (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  first_name TEXT NOT NULL,
  last_name TEXT NOT NULL,
  username TEXT NOT NULL,
  username_key TEXT NOT NULL,
  recovery_email TEXT NOT NULL DEFAULT '',
  recovery_key TEXT NOT NULL DEFAULT '',
  type TEXT NOT NULL CHECK (type IN ('member', 'guest')),
  global_admin INTEGER NOT NULL DEFAULT 0,
  password_hash TEXT NOT NULL DEFAULT '',
  must_change_password INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX directory_users_tenant_username ON directory_users(tenant_id, username_key);
CREATE INDEX directory_users_username ON directory_users(username_key);
CREATE INDEX directory_users_recovery ON directory_users(recovery_key) WHERE recovery_key <> '';
CREATE TABLE account_users (
  user_id TEXT PRIMARY KEY REFERENCES directory_users(id),
  sort_key TEXT NOT NULL,
  owner INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL,
  access TEXT NOT NULL,
  role_bits INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  added_at INTEGER NOT NULL,
  last_activity INTEGER
);
CREATE INDEX account_users_sort ON account_users(sort_key, user_id);
CREATE TABLE user_groups (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  display_name TEXT NOT NULL,
  name_key TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  access TEXT,
  created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX user_groups_name ON user_groups(tenant_id, name_key);
CREATE TABLE group_members (
  group_id TEXT NOT NULL REFERENCES user_groups(id),
  user_id TEXT NOT NULL REFERENCES directory_users(id),
  PRIMARY KEY (group_id, user_id)
) WITHOUT ROWID;
CREATE INDEX group_members_user ON group_members(user_id);
CREATE TABLE products (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL
);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES directory_users(id),
  csrf_token TEXT NOT NULL,
  acting_tenant TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions(user_id);
CREATE TABLE sign_in_failures (
  username_key TEXT PRIMARY KEY,
  count INTEGER NOT NULL,
  last_at INTEGER NOT NULL,
  locked_until INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE invitations (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES directory_users(id),
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  email TEXT NOT NULL,
  display_name TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,
  token_hash TEXT NOT NULL,
  invited_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  last_sent_at INTEGER NOT NULL
);
CREATE INDEX invitations_token ON invitations(token_hash);
CREATE INDEX invitations_email ON invitations(email, status);
CREATE INDEX invitations_user ON invitations(user_id, status);
CREATE INDEX invitations_tenant ON invitations(tenant_id, created_at);
CREATE TABLE recoveries (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES directory_users(id),
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE visits (
  id INTEGER PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES directory_users(id),
  path TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX visits_user ON visits(user_id, at);
CREATE INDEX visits_at ON visits(at);
CREATE TABLE audit (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor_id TEXT NOT NULL,
  action TEXT NOT NULL,
  target_id TEXT NOT NULL,
  before TEXT NOT NULL,
  after TEXT NOT NULL
);
CREATE INDEX audit_at ON audit(at);
CREATE INDEX audit_actor ON audit(actor_id, id);
CREATE INDEX audit_target ON audit(target_id, id);
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  to_addr TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  delivered_at INTEGER
);
CREATE INDEX outbox_undelivered ON outbox(id) WHERE delivered_at IS NULL;
)sql"},
    // Real delivery: a state per message with a claim (so a crashed worker's messages are
    // claimed again after the lease), a Message-ID kept across retries, the HTML part, the
    // invitation the message is about, and every attempt with the server's reply.
    {2, R"sql(
ALTER TABLE outbox ADD COLUMN html TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN message_id TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN invitation_id TEXT;
ALTER TABLE outbox ADD COLUMN state TEXT NOT NULL DEFAULT 'queued';
ALTER TABLE outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN next_attempt_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN claimed_at INTEGER;
ALTER TABLE outbox ADD COLUMN last_error TEXT NOT NULL DEFAULT '';
UPDATE outbox SET state = 'sent' WHERE delivered_at IS NOT NULL;
UPDATE outbox SET message_id = id || '.' || lower(hex(randomblob(8))) || '@pcusers.invalid';
DROP INDEX outbox_undelivered;
CREATE INDEX outbox_due ON outbox(next_attempt_at, id) WHERE state = 'queued';
CREATE INDEX outbox_claimed ON outbox(claimed_at) WHERE state = 'sending';
CREATE INDEX outbox_invitation ON outbox(invitation_id, id) WHERE invitation_id IS NOT NULL;
CREATE TABLE mail_attempts (
  id INTEGER PRIMARY KEY,
  outbox_id INTEGER NOT NULL REFERENCES outbox(id),
  at INTEGER NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('sent', 'retry', 'failed')),
  reply TEXT NOT NULL
);
CREATE INDEX mail_attempts_outbox ON mail_attempts(outbox_id, id);
)sql"},
    // 3: sort keys of the users list denormalised into account_users, one covering index per
    // sort (each ends with sort_key, user_id for a stable keyset order), and a counter of
    // account users kept by triggers so the unfiltered total costs one row read.
    {3, R"sql(
ALTER TABLE account_users ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
ALTER TABLE account_users ADD COLUMN type TEXT NOT NULL DEFAULT 'member';
ALTER TABLE account_users ADD COLUMN tenant_id TEXT NOT NULL DEFAULT '';
ALTER TABLE account_users ADD COLUMN activity_key INTEGER NOT NULL DEFAULT 0;
UPDATE account_users SET
  name_key = (SELECT lower(d.first_name || ' ' || d.last_name) FROM directory_users d WHERE d.id = user_id),
  type = (SELECT d.type FROM directory_users d WHERE d.id = user_id),
  tenant_id = (SELECT d.tenant_id FROM directory_users d WHERE d.id = user_id),
  activity_key = ifnull(last_activity, 0);
CREATE INDEX account_users_name ON account_users(name_key, sort_key, user_id);
CREATE INDEX account_users_type ON account_users(type, sort_key, user_id);
CREATE INDEX account_users_status ON account_users(status, sort_key, user_id);
CREATE INDEX account_users_activity ON account_users(activity_key, sort_key, user_id);
CREATE TABLE account_user_count (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  n INTEGER NOT NULL
);
INSERT INTO account_user_count (id, n) SELECT 1, count(*) FROM account_users;
CREATE TRIGGER account_users_count_insert AFTER INSERT ON account_users
  BEGIN UPDATE account_user_count SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER account_users_count_delete AFTER DELETE ON account_users
  BEGIN UPDATE account_user_count SET n = n - 1 WHERE id = 1; END;
)sql"},
    // 4: the directory columns a list row shows, copied into account_users, so a page of the
    // users list reads one table through one index (the join to directory_users cost two
    // b-tree searches a row: most of the list's time). update_directory_user keeps them.
    {4, R"sql(
ALTER TABLE account_users ADD COLUMN first_name TEXT NOT NULL DEFAULT '';
ALTER TABLE account_users ADD COLUMN last_name TEXT NOT NULL DEFAULT '';
ALTER TABLE account_users ADD COLUMN username TEXT NOT NULL DEFAULT '';
ALTER TABLE account_users ADD COLUMN global_admin INTEGER NOT NULL DEFAULT 0;
UPDATE account_users SET
  first_name = (SELECT d.first_name FROM directory_users d WHERE d.id = user_id),
  last_name = (SELECT d.last_name FROM directory_users d WHERE d.id = user_id),
  username = (SELECT d.username FROM directory_users d WHERE d.id = user_id),
  global_admin = (SELECT d.global_admin FROM directory_users d WHERE d.id = user_id);
)sql"},
    // 5: the account user counter kept by the store's own statements: the triggers cost more
    // than everything else of inserting an account user (measured ~50 µs of ~80).
    {5, R"sql(
DROP TRIGGER account_users_count_insert;
DROP TRIGGER account_users_count_delete;
)sql"},
    // 6: a lookup by username alone (sign-in, "is this address in use") searches the unique
    // (tenant_id, username_key) index once per tenant, a handful, instead of keeping a second
    // index of every username: one b-tree entry less for every user created or invited.
    {6, R"sql(
DROP INDEX directory_users_username;
)sql"},
    // 7: a message's body holds its link, a bearer secret, so it is kept only while the
    // message may still be sent (record_mail_attempt); this clears those already sent or
    // refused for good.
    {7, R"sql(
UPDATE outbox SET body = '', html = '' WHERE state IN ('sent', 'failed');
)sql"},
    // 8: no index for the users list's sorts by type and by status. Each was two values of
    // the first column over the username order, and every user added, invited or changed
    // wrote both: two of the seven b-trees of account_users. Those sorts now read the table
    // and keep the page's rows (18-41 ms at 100,000 users, as the filters by type, role and
    // status already were); inviting ten addresses got about a tenth faster (performance.md).
    // PostgreSQL keeps both: its planner uses them for the filters too.
    {8, R"sql(
DROP INDEX IF EXISTS account_users_type;
DROP INDEX IF EXISTS account_users_status;
)sql"},
    // 9: an account user's version goes on after a removal and a new add (R-UM13): an If-Match
    // read before the removal must not match the account user added again. The directory
    // user keeps the last version its account user had.
    {9, R"sql(
ALTER TABLE directory_users ADD COLUMN account_version INTEGER NOT NULL DEFAULT 0;
)sql"},
}};

}  // namespace pcu::server::sqlite_schema
