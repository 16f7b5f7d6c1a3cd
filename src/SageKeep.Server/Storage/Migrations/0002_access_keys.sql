-- Access keys of IAM principals. The secret is AES-GCM encrypted under the master key file (never
-- stored in the clear); the access key id is its associated data.
CREATE TABLE access_keys (
    access_key_id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    principal_type TEXT NOT NULL,
    principal_arn TEXT NOT NULL,
    user_id TEXT NOT NULL,
    status TEXT NOT NULL,
    secret_ciphertext BLOB NOT NULL,
    created_at TEXT NOT NULL
);

CREATE INDEX access_keys_principal ON access_keys (principal_arn);
