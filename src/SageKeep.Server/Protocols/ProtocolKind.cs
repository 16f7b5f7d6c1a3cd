namespace SageKeep.Server.Protocols;

/// <summary>The wire protocols a request can arrive in (botocore's <c>metadata.protocol</c>, plus the registry).</summary>
public enum ProtocolKind
{
    /// <summary>awsJson1_1: <c>POST /</c> with <c>X-Amz-Target</c> (SageMaker, ECR, CloudWatch Logs).</summary>
    AwsJson,

    /// <summary>awsQuery: form <c>Action</c>/<c>Version</c>, XML answers (IAM, STS).</summary>
    AwsQuery,

    /// <summary>ec2 query: like awsQuery with flattened lists and the ec2 error shape.</summary>
    Ec2Query,

    /// <summary>restJson: path-routed (SageMaker Runtime).</summary>
    RestJson,

    /// <summary>restXml: S3.</summary>
    RestXml,

    /// <summary>The OCI distribution API under <c>/v2/</c>.</summary>
    Registry,
}
