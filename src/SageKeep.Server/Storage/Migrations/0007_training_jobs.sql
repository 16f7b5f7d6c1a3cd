-- SageMaker training jobs: one JSON document each (the DescribeTrainingJob answer), the columns are what
-- lists filter and sort on and what reconciliation after a restart reads (run_id names the job's host objects).
CREATE TABLE training_jobs (
    name TEXT PRIMARY KEY,
    arn TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    run_id TEXT NULL,
    document TEXT NOT NULL
);

-- The CloudWatch Logs subset: the container's output per log stream of /aws/sagemaker/TrainingJobs.
CREATE TABLE training_log_events (
    log_stream TEXT NOT NULL,
    seq INTEGER NOT NULL,
    timestamp_ms INTEGER NOT NULL,
    ingestion_ms INTEGER NOT NULL,
    message TEXT NOT NULL,
    PRIMARY KEY (log_stream, seq)
);
