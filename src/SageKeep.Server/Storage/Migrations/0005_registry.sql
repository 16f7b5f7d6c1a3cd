-- The container registry (OCI distribution API + the ECR API) and the marketplace resources that
-- reference its images. Blob and manifest bytes live on disk, content-addressed (registry/blobs);
-- these tables say which repository holds what, so a blob's reference count is the number of rows
-- naming its digest in registry_blob_links, registry_manifests and registry_manifest_refs.
CREATE TABLE registry_repositories (
    name TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    tag_mutability TEXT NOT NULL,
    scan_on_push INTEGER NOT NULL,
    policy_text TEXT NULL
);

-- A blob uploaded to (or mounted into) a repository.
CREATE TABLE registry_blob_links (
    repository TEXT NOT NULL,
    digest TEXT NOT NULL,
    size BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (repository, digest)
);

CREATE INDEX registry_blob_links_digest ON registry_blob_links (digest);

CREATE TABLE registry_manifests (
    repository TEXT NOT NULL,
    digest TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    artifact_type TEXT NULL,
    subject_digest TEXT NULL,
    image_size BIGINT NOT NULL,
    pushed_at TEXT NOT NULL,
    PRIMARY KEY (repository, digest)
);

CREATE INDEX registry_manifests_digest ON registry_manifests (digest);

-- What a manifest references: its config and layers (blobs) or, for an index, its child manifests.
CREATE TABLE registry_manifest_refs (
    repository TEXT NOT NULL,
    manifest_digest TEXT NOT NULL,
    digest TEXT NOT NULL,
    kind TEXT NOT NULL,
    PRIMARY KEY (repository, manifest_digest, digest)
);

CREATE INDEX registry_manifest_refs_digest ON registry_manifest_refs (digest);

CREATE TABLE registry_tags (
    repository TEXT NOT NULL,
    tag TEXT NOT NULL,
    digest TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (repository, tag)
);

-- The latest scan of an image; findings_json holds the findings as DescribeImageScanFindings shows them.
CREATE TABLE registry_scans (
    repository TEXT NOT NULL,
    digest TEXT NOT NULL,
    status TEXT NOT NULL,
    description TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    completed_at TEXT NULL,
    database_stamp TEXT NULL,
    gate_policy TEXT NULL,
    gate_passed INTEGER NULL,
    gate_reason TEXT NULL,
    findings_json TEXT NULL,
    PRIMARY KEY (repository, digest)
);

-- SageMaker algorithms, model package groups and model packages (one JSON document each; the
-- columns are what lists filter and sort on).
CREATE TABLE marketplace_resources (
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    arn TEXT NOT NULL,
    group_name TEXT NULL,
    version INTEGER NULL,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    document TEXT NOT NULL,
    PRIMARY KEY (kind, name)
);
