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

inline constexpr std::array<Migration, 1> migrations = {{
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
}};

}  // namespace pcu::server::sqlite_schema
