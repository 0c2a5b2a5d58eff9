// pg_schema.hpp: the PostgreSQL schema as numbered migrations, sqlite_schema.hpp's translated
// (less SQLite's 5, 6 and 8, made for SQLite's writer only; PostgreSQL's planner also uses the
// type and status indexes for the list's filters, 2-3 ms instead of about 30): BIGINT times,
// BOOLEAN flags, identity columns for SQLite's rowids, a PL/pgSQL trigger for the account user
// counter. Text that is sorted or compared is COLLATE "C" (byte order, as SQLite's BINARY),
// so the users list orders and cursors are the same whatever the database's locale. The table
// schema_version holds the applied ones; PgStore applies the missing ones, in order, at start
// (under an advisory lock, so several instances starting together migrate once).
#pragma once

#include <array>
#include <string_view>

namespace pcu::server::pg_schema {

struct Migration {
  int version;
  std::string_view sql;
};

inline constexpr std::string_view bootstrap = R"sql(
CREATE TABLE IF NOT EXISTS schema_version (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL
);
INSERT INTO schema_version (id, version) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;
)sql";

inline constexpr std::array<Migration, 6> migrations = {{
    {1, R"sql(
CREATE TABLE account (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  name TEXT NOT NULL,
  owner_id TEXT COLLATE "C" NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE TABLE tenants (
  id TEXT COLLATE "C" PRIMARY KEY,
  name TEXT COLLATE "C" NOT NULL
);
CREATE TABLE tenant_domains (
  tenant_id TEXT COLLATE "C" NOT NULL REFERENCES tenants(id),
  domain TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (tenant_id, domain)
);
CREATE TABLE directory_users (
  id TEXT COLLATE "C" PRIMARY KEY,
  tenant_id TEXT COLLATE "C" NOT NULL REFERENCES tenants(id),
  first_name TEXT COLLATE "C" NOT NULL,
  last_name TEXT COLLATE "C" NOT NULL,
  username TEXT COLLATE "C" NOT NULL,
  username_key TEXT COLLATE "C" NOT NULL,
  recovery_email TEXT COLLATE "C" NOT NULL DEFAULT '',
  recovery_key TEXT COLLATE "C" NOT NULL DEFAULT '',
  type TEXT COLLATE "C" NOT NULL CHECK (type IN ('member', 'guest')),
  global_admin BOOLEAN NOT NULL DEFAULT FALSE,
  password_hash TEXT NOT NULL DEFAULT '',
  must_change_password BOOLEAN NOT NULL DEFAULT FALSE,
  created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX directory_users_tenant_username ON directory_users(tenant_id, username_key);
CREATE INDEX directory_users_username ON directory_users(username_key);
CREATE INDEX directory_users_recovery ON directory_users(recovery_key) WHERE recovery_key <> '';
CREATE TABLE account_users (
  user_id TEXT COLLATE "C" PRIMARY KEY REFERENCES directory_users(id),
  sort_key TEXT COLLATE "C" NOT NULL,
  owner BOOLEAN NOT NULL DEFAULT FALSE,
  status TEXT COLLATE "C" NOT NULL,
  access TEXT NOT NULL,
  role_bits INTEGER NOT NULL DEFAULT 0,
  version BIGINT NOT NULL DEFAULT 1,
  added_at BIGINT NOT NULL,
  last_activity BIGINT
);
CREATE INDEX account_users_sort ON account_users(sort_key, user_id);
CREATE TABLE user_groups (
  id TEXT COLLATE "C" PRIMARY KEY,
  tenant_id TEXT COLLATE "C" NOT NULL REFERENCES tenants(id),
  display_name TEXT COLLATE "C" NOT NULL,
  name_key TEXT COLLATE "C" NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  access TEXT,
  created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX user_groups_name ON user_groups(tenant_id, name_key);
CREATE TABLE group_members (
  group_id TEXT COLLATE "C" NOT NULL REFERENCES user_groups(id),
  user_id TEXT COLLATE "C" NOT NULL REFERENCES directory_users(id),
  PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_members_user ON group_members(user_id);
CREATE TABLE products (
  id TEXT COLLATE "C" PRIMARY KEY,
  name TEXT NOT NULL
);
CREATE TABLE sessions (
  token_hash TEXT COLLATE "C" PRIMARY KEY,
  user_id TEXT COLLATE "C" NOT NULL REFERENCES directory_users(id),
  csrf_token TEXT NOT NULL,
  acting_tenant TEXT COLLATE "C" NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE TABLE sign_in_failures (
  username_key TEXT COLLATE "C" PRIMARY KEY,
  count INTEGER NOT NULL,
  last_at BIGINT NOT NULL,
  locked_until BIGINT NOT NULL
);
CREATE TABLE invitations (
  id TEXT COLLATE "C" PRIMARY KEY,
  user_id TEXT COLLATE "C" NOT NULL REFERENCES directory_users(id),
  tenant_id TEXT COLLATE "C" NOT NULL REFERENCES tenants(id),
  email TEXT COLLATE "C" NOT NULL,
  display_name TEXT NOT NULL DEFAULT '',
  status TEXT COLLATE "C" NOT NULL,
  token_hash TEXT COLLATE "C" NOT NULL,
  invited_by TEXT COLLATE "C" NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  last_sent_at BIGINT NOT NULL
);
CREATE INDEX invitations_token ON invitations(token_hash);
CREATE INDEX invitations_email ON invitations(email, status);
CREATE INDEX invitations_user ON invitations(user_id, status);
CREATE INDEX invitations_tenant ON invitations(tenant_id, created_at);
CREATE TABLE recoveries (
  token_hash TEXT COLLATE "C" PRIMARY KEY,
  user_id TEXT COLLATE "C" NOT NULL REFERENCES directory_users(id),
  expires_at BIGINT NOT NULL
);
CREATE TABLE visits (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  user_id TEXT COLLATE "C" NOT NULL REFERENCES directory_users(id),
  path TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX visits_user ON visits(user_id, at);
CREATE INDEX visits_at ON visits(at);
CREATE TABLE audit (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  at BIGINT NOT NULL,
  actor_id TEXT COLLATE "C" NOT NULL,
  action TEXT COLLATE "C" NOT NULL,
  target_id TEXT COLLATE "C" NOT NULL,
  before TEXT NOT NULL,
  after TEXT NOT NULL
);
CREATE INDEX audit_at ON audit(at);
CREATE INDEX audit_actor ON audit(actor_id, id);
CREATE INDEX audit_target ON audit(target_id, id);
CREATE TABLE outbox (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  to_addr TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  delivered_at BIGINT
);
CREATE INDEX outbox_undelivered ON outbox(id) WHERE delivered_at IS NULL;
)sql"},
    // Real delivery (as SQLite's migration 2): state, claim, Message-ID, HTML part, the
    // invitation, and every attempt with the server's reply.
    {2, R"sql(
ALTER TABLE outbox ADD COLUMN html TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN message_id TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN invitation_id TEXT COLLATE "C";
ALTER TABLE outbox ADD COLUMN state TEXT COLLATE "C" NOT NULL DEFAULT 'queued';
ALTER TABLE outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN next_attempt_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN claimed_at BIGINT;
ALTER TABLE outbox ADD COLUMN last_error TEXT NOT NULL DEFAULT '';
UPDATE outbox SET state = 'sent' WHERE delivered_at IS NOT NULL;
UPDATE outbox SET message_id = id || '.' || substr(md5(random()::text), 1, 16) || '@pcusers.invalid';
DROP INDEX outbox_undelivered;
CREATE INDEX outbox_due ON outbox(next_attempt_at, id) WHERE state = 'queued';
CREATE INDEX outbox_claimed ON outbox(claimed_at) WHERE state = 'sending';
CREATE INDEX outbox_invitation ON outbox(invitation_id, id) WHERE invitation_id IS NOT NULL;
CREATE TABLE mail_attempts (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  outbox_id BIGINT NOT NULL REFERENCES outbox(id),
  at BIGINT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('sent', 'retry', 'failed')),
  reply TEXT NOT NULL
);
CREATE INDEX mail_attempts_outbox ON mail_attempts(outbox_id, id);
)sql"},
    // 3 (as SQLite's): the users list's sort keys in account_users, one index per sort, and a
    // counter of account users kept by triggers (summed per transaction, see below).
    {3, R"sql(
ALTER TABLE account_users ADD COLUMN name_key TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE account_users ADD COLUMN type TEXT COLLATE "C" NOT NULL DEFAULT 'member';
ALTER TABLE account_users ADD COLUMN tenant_id TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE account_users ADD COLUMN activity_key BIGINT NOT NULL DEFAULT 0;
UPDATE account_users a SET
  name_key = lower(d.first_name || ' ' || d.last_name),
  type = d.type,
  tenant_id = d.tenant_id,
  activity_key = coalesce(a.last_activity, 0)
FROM directory_users d WHERE d.id = a.user_id;
CREATE INDEX account_users_name ON account_users(name_key, sort_key, user_id);
CREATE INDEX account_users_type ON account_users(type, sort_key, user_id);
CREATE INDEX account_users_status ON account_users(status, sort_key, user_id);
CREATE INDEX account_users_activity ON account_users(activity_key, sort_key, user_id);
CREATE TABLE account_user_count (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  n BIGINT NOT NULL
);
INSERT INTO account_user_count (id, n) SELECT 1, count(*) FROM account_users;
-- A transaction's inserts and deletes are summed in a transaction-local setting and added to
-- the counter once, at commit (a deferred trigger on a one-row-per-transaction queue):
-- updating the counter row once per user would make a bulk insert (init --users, migrate-db)
-- quadratic, as each update walks the row versions made earlier in the same transaction.
CREATE TABLE account_user_count_flush (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY);
CREATE FUNCTION account_users_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM set_config('pcu.account_user_delta',
    (coalesce(nullif(current_setting('pcu.account_user_delta', true), ''), '0')::bigint
     + CASE WHEN TG_OP = 'INSERT' THEN 1 ELSE -1 END)::text, true);
  IF coalesce(current_setting('pcu.account_user_flush', true), '') <> 'queued' THEN
    PERFORM set_config('pcu.account_user_flush', 'queued', true);
    INSERT INTO account_user_count_flush DEFAULT VALUES;
  END IF;
  RETURN NULL;
END $$;
CREATE FUNCTION account_users_count_flush() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE account_user_count
    SET n = n + coalesce(nullif(current_setting('pcu.account_user_delta', true), ''), '0')::bigint WHERE id = 1;
  PERFORM set_config('pcu.account_user_delta', '0', true);
  PERFORM set_config('pcu.account_user_flush', '', true);
  DELETE FROM account_user_count_flush WHERE id = NEW.id;
  RETURN NULL;
END $$;
CREATE TRIGGER account_users_count_insert AFTER INSERT ON account_users
  FOR EACH ROW EXECUTE FUNCTION account_users_count();
CREATE TRIGGER account_users_count_delete AFTER DELETE ON account_users
  FOR EACH ROW EXECUTE FUNCTION account_users_count();
CREATE CONSTRAINT TRIGGER account_users_count_flush AFTER INSERT ON account_user_count_flush
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION account_users_count_flush();
)sql"},
    // 4 (as SQLite's): the directory columns a list row shows, copied into account_users;
    // update_directory_user keeps them.
    {4, R"sql(
ALTER TABLE account_users ADD COLUMN first_name TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE account_users ADD COLUMN last_name TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE account_users ADD COLUMN username TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE account_users ADD COLUMN global_admin BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE account_users a SET first_name = d.first_name, last_name = d.last_name, username = d.username,
  global_admin = d.global_admin
FROM directory_users d WHERE d.id = a.user_id;
)sql"},
    // 5 (as SQLite's 7): a message's body holds its link, a bearer secret, so it is kept only
    // while the message may still be sent; this clears those already sent or refused for good.
    {5, R"sql(
UPDATE outbox SET body = '', html = '' WHERE state IN ('sent', 'failed');
)sql"},
    // 6 (as SQLite's 9): the last version of a removed account user, so that one added again
    // goes on from it and an If-Match read before the removal does not match (R-UM13).
    {6, R"sql(
ALTER TABLE directory_users ADD COLUMN account_version BIGINT NOT NULL DEFAULT 0;
)sql"},
}};

}  // namespace pcu::server::pg_schema
