-- EC2 networking resources (VPCs, subnets, security groups, VPC endpoints, network interfaces): one JSON
-- document each, the Describe answer plus members starting with "_" that only the server reads (security
-- group rules, an interface's namespace). kind is the id's prefix (vpc, subnet, sg, vpce, eni).
CREATE TABLE ec2_resources (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    vpc_id TEXT NULL,
    document TEXT NOT NULL
);

CREATE INDEX ec2_resources_kind ON ec2_resources (kind, id);
