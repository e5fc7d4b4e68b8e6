// The key database's versioned migrations, applied in order by src/main/db/migrations.ts and
// recorded in PRAGMA user_version. Append only: a released migration is never edited.
import type { Migration } from '../db/migrations';

export const MIGRATIONS: readonly Migration[] = [
  /* 1 */ `
  CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT NOT NULL) STRICT;
  CREATE TABLE orgs (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    allow_user_keys INTEGER NOT NULL DEFAULT 0 CHECK (allow_user_keys IN (0, 1)),
    created_at INTEGER NOT NULL
  ) STRICT;
  CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL COLLATE NOCASE UNIQUE,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    is_super_admin INTEGER NOT NULL DEFAULT 0 CHECK (is_super_admin IN (0, 1)),
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
    created_at INTEGER NOT NULL
  ) STRICT;
  CREATE TABLE memberships (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    role TEXT NOT NULL CHECK (role IN ('member', 'admin')),
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
    removed_at INTEGER,
    created_at INTEGER NOT NULL,
    UNIQUE (org_id, user_id)
  ) STRICT;
  CREATE INDEX memberships_user ON memberships(user_id);
  CREATE TABLE api_keys (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('user', 'org')),
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    membership_id INTEGER REFERENCES memberships(id),
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    start TEXT NOT NULL,
    digest BLOB NOT NULL UNIQUE,
    scopes TEXT NOT NULL,
    read_only INTEGER NOT NULL DEFAULT 0 CHECK (read_only IN (0, 1)),
    can_impersonate INTEGER NOT NULL DEFAULT 0 CHECK (can_impersonate IN (0, 1)),
    status TEXT NOT NULL DEFAULT 'enabled' CHECK (status IN ('enabled', 'disabled')),
    disabled_by_admin INTEGER NOT NULL DEFAULT 0 CHECK (disabled_by_admin IN (0, 1)),
    expires_at INTEGER,
    created_at INTEGER NOT NULL,
    created_by INTEGER REFERENCES users(id),
    last_used_at INTEGER,
    revoked_at INTEGER,
    rolled_to INTEGER REFERENCES api_keys(id),
    CHECK ((kind = 'user') = (membership_id IS NOT NULL)),
    CHECK (kind = 'user' OR can_impersonate = 0)
  ) STRICT;
  CREATE INDEX api_keys_membership ON api_keys(membership_id, id);
  CREATE INDEX api_keys_org ON api_keys(org_id, id);
  CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    org_id INTEGER,
    action TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'denied')),
    code TEXT,
    actor_user_id INTEGER,
    impersonator_user_id INTEGER,
    key_id INTEGER,
    key_start TEXT,
    target_type TEXT,
    target_id INTEGER
  ) STRICT;
  CREATE INDEX audit_org ON audit(org_id, id);
  CREATE TABLE files (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    owner_user_id INTEGER REFERENCES users(id),
    display_name TEXT NOT NULL,
    file_type TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    content BLOB NOT NULL,
    created_at INTEGER NOT NULL
  ) STRICT;
  CREATE TABLE imported_records (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    user_id INTEGER,
    key_id INTEGER,
    record TEXT NOT NULL,
    created_at INTEGER NOT NULL
  ) STRICT;
  `,
  /* 2: docs/policies-and-labels.md — org key policies (no row: the default, which allows everything) and key labels */ `
  CREATE TABLE org_policies (
    org_id INTEGER PRIMARY KEY REFERENCES orgs(id),
    max_lifetime_days INTEGER CHECK (max_lifetime_days BETWEEN 1 AND 3650),
    require_expiry INTEGER NOT NULL CHECK (require_expiry IN (0, 1)),
    max_grace_seconds INTEGER CHECK (max_grace_seconds BETWEEN 0 AND 604800),
    allowed_scopes TEXT NOT NULL CHECK (allowed_scopes <> ''),
    allow_org_keys INTEGER NOT NULL CHECK (allow_org_keys IN (0, 1)),
    allow_impersonation INTEGER NOT NULL CHECK (allow_impersonation IN (0, 1)),
    updated_at INTEGER NOT NULL
  ) STRICT;
  -- A JSON object, NULL when the key has none: most keys have none, and lists read it per row.
  ALTER TABLE api_keys ADD COLUMN labels TEXT CHECK (labels IS NULL OR json_type(labels) = 'object');
  `,
  /* 3: usage counters, bounded and chained audit, rotation (docs/usage-and-rotation.md) */ `
  -- Which chain an event is in: 0 per-call (pruned after the retention period), 1 kept for ever.
  ALTER TABLE audit ADD COLUMN chain INTEGER NOT NULL DEFAULT 0 CHECK (chain IN (0, 1));
  ALTER TABLE audit ADD COLUMN seq INTEGER;
  ALTER TABLE audit ADD COLUMN hash BLOB;
  UPDATE audit SET chain = 1 WHERE outcome = 'ok' AND action NOT LIKE 'request:%' AND action NOT IN
    ('user.me', 'key.read', 'key.list', 'key.usage', 'key.findings', 'audit.read', 'org.list', 'org.read',
     'org.policy.read', 'org.policy.preview', 'member.list', 'member.read', 'file.read');
  -- A key's lifecycle history, without an index entry per call.
  CREATE INDEX audit_key_life ON audit(target_id, id) WHERE target_type = 'apiKey' AND chain = 1;
  CREATE TABLE audit_chains (
    chain INTEGER PRIMARY KEY,
    head_seq INTEGER NOT NULL,
    head_hash BLOB NOT NULL,
    anchor_seq INTEGER NOT NULL,
    anchor_hash BLOB NOT NULL,
    -- Every per-call event up to this id has been pruned: pruning resumes here, so the
    -- audit needs no index by chain (an index entry per call costs bytes and time).
    anchor_id INTEGER NOT NULL DEFAULT 0
  ) STRICT;
  CREATE TABLE key_usage (
    key_id INTEGER NOT NULL,
    hour INTEGER NOT NULL,
    ok INTEGER NOT NULL DEFAULT 0,
    denied INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (key_id, hour)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX key_usage_hour ON key_usage(hour);
  CREATE TABLE auth_failures (
    hour INTEGER NOT NULL,
    code TEXT NOT NULL,
    key_start TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (hour, code, key_start)
  ) STRICT, WITHOUT ROWID;
  ALTER TABLE api_keys ADD COLUMN last_used_ip TEXT;
  ALTER TABLE api_keys ADD COLUMN last_used_ua TEXT;
  ALTER TABLE api_keys ADD COLUMN rolled_from INTEGER;
  ALTER TABLE api_keys ADD COLUMN rolled_at INTEGER;
  ALTER TABLE api_keys ADD COLUMN revoke_when_quiet_seconds INTEGER;
  CREATE INDEX api_keys_quiet ON api_keys(id) WHERE revoke_when_quiet_seconds IS NOT NULL AND revoked_at IS NULL;
  `,
];
