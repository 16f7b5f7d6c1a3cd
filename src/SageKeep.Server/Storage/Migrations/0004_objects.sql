-- The embedded object store (S3): buckets, objects and multipart uploads. Object bytes live in files
-- under the data directory's objects/blobs folder; a row names its blob, so a blob file without a
-- row is an orphan (collected at start) and a row is committed only after its blob is durable.
CREATE TABLE s3_buckets (
    name TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    region TEXT NOT NULL,
    policy TEXT,
    policy_version INTEGER NOT NULL DEFAULT 0,
    tags TEXT
);

CREATE TABLE s3_objects (
    bucket TEXT NOT NULL REFERENCES s3_buckets (name),
    object_key TEXT NOT NULL,
    blob_id TEXT NOT NULL,
    size BIGINT NOT NULL,
    etag TEXT NOT NULL,
    last_modified TEXT NOT NULL,
    content_type TEXT,
    metadata TEXT NOT NULL,
    checksums TEXT NOT NULL,
    PRIMARY KEY (bucket, object_key)
);

CREATE TABLE s3_uploads (
    upload_id TEXT PRIMARY KEY,
    bucket TEXT NOT NULL REFERENCES s3_buckets (name),
    object_key TEXT NOT NULL,
    initiated TEXT NOT NULL,
    content_type TEXT,
    metadata TEXT NOT NULL,
    checksum_algorithm TEXT
);

CREATE INDEX s3_uploads_key ON s3_uploads (bucket, object_key);

CREATE TABLE s3_parts (
    upload_id TEXT NOT NULL REFERENCES s3_uploads (upload_id) ON DELETE CASCADE,
    part_number INTEGER NOT NULL,
    blob_id TEXT NOT NULL,
    size BIGINT NOT NULL,
    etag TEXT NOT NULL,
    last_modified TEXT NOT NULL,
    checksums TEXT NOT NULL,
    PRIMARY KEY (upload_id, part_number)
);
