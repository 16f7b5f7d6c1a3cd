-- IAM identities and policies (IAM API Reference). Names are unique per account ignoring case, as in
-- IAM, so each entity keeps its name as given and a lower-cased key for uniqueness. Entity ids are the
-- unique ids IAM shows (AIDA..., AGPA..., AROA..., ANPA...); a recreated name gets a new id.

-- One counter bumped by every IAM write: compiled policy sets are cached per (principal ARN, counter).
CREATE TABLE iam_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    policy_set_version BIGINT NOT NULL
);
INSERT INTO iam_state (id, policy_set_version) VALUES (1, 1);

CREATE TABLE iam_policies (
    policy_id TEXT PRIMARY KEY,
    arn TEXT NOT NULL UNIQUE,
    scope TEXT NOT NULL,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    path TEXT NOT NULL,
    description TEXT,
    default_version TEXT NOT NULL,
    next_version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (scope, name_key)
);

CREATE TABLE iam_policy_versions (
    policy_id TEXT NOT NULL REFERENCES iam_policies (policy_id) ON DELETE CASCADE,
    version_id TEXT NOT NULL,
    document TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (policy_id, version_id)
);

CREATE TABLE iam_users (
    user_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,
    path TEXT NOT NULL,
    created_at TEXT NOT NULL,
    boundary_policy_id TEXT REFERENCES iam_policies (policy_id)
);

CREATE TABLE iam_groups (
    group_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,
    path TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE iam_group_members (
    group_id TEXT NOT NULL REFERENCES iam_groups (group_id),
    user_id TEXT NOT NULL REFERENCES iam_users (user_id),
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX iam_group_members_user ON iam_group_members (user_id);

CREATE TABLE iam_roles (
    role_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,
    path TEXT NOT NULL,
    created_at TEXT NOT NULL,
    trust_policy TEXT NOT NULL,
    description TEXT,
    max_session_duration INTEGER NOT NULL,
    boundary_policy_id TEXT REFERENCES iam_policies (policy_id)
);

-- Managed policies attached to a user, group or role (entity_id is the entity's unique id).
CREATE TABLE iam_attachments (
    entity_id TEXT NOT NULL,
    entity_kind TEXT NOT NULL,
    policy_id TEXT NOT NULL REFERENCES iam_policies (policy_id),
    PRIMARY KEY (entity_id, policy_id)
);
CREATE INDEX iam_attachments_policy ON iam_attachments (policy_id);

-- Inline policies embedded in a user, group or role.
CREATE TABLE iam_inline_policies (
    entity_id TEXT NOT NULL,
    entity_kind TEXT NOT NULL,
    name TEXT NOT NULL,
    document TEXT NOT NULL,
    PRIMARY KEY (entity_id, name)
);

-- Tags on users and roles; keys are unique ignoring case, as in IAM.
CREATE TABLE iam_tags (
    entity_id TEXT NOT NULL,
    tag_key TEXT NOT NULL,
    key_key TEXT NOT NULL,
    tag_value TEXT NOT NULL,
    PRIMARY KEY (entity_id, key_key)
);

-- When and where each access key was last used (GetAccessKeyLastUsed); written at most once a minute per key.
ALTER TABLE access_keys ADD COLUMN last_used_at TEXT;
ALTER TABLE access_keys ADD COLUMN last_used_service TEXT;
ALTER TABLE access_keys ADD COLUMN last_used_region TEXT;
CREATE INDEX access_keys_user ON access_keys (user_id);
