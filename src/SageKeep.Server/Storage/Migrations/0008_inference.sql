-- SageMaker inference: models, endpoint configurations and endpoints, one JSON document each (the Describe
-- answer plus platform members); the columns are what lists filter and sort on and what the endpoint service
-- reads at start (status of endpoints to bring back).
CREATE TABLE inference_resources (
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    arn TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    document TEXT NOT NULL,
    PRIMARY KEY (kind, name)
);

CREATE INDEX inference_resources_arn ON inference_resources (arn);
