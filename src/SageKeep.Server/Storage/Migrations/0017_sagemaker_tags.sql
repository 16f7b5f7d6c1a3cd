-- The tags of every SageMaker resource (algorithms, model packages and groups, training jobs, models, endpoint
-- configurations, endpoints), keyed by the resource's ARN. Tags that earlier versions kept inside the resource
-- documents are moved here once at start (SageMakerTagImport), so this script stays plain SQL.
CREATE TABLE sagemaker_tags (
    arn TEXT NOT NULL,
    tag_key TEXT NOT NULL,
    tag_value TEXT NOT NULL,
    PRIMARY KEY (arn, tag_key)
);
