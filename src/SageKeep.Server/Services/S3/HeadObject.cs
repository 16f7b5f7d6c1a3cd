using SageKeep.Server.Protocols;

namespace SageKeep.Server.Services.S3;

/// <summary><c>HEAD /bucket/key</c>: GetObject's headers without the body (IAM action s3:GetObject).</summary>
internal sealed class HeadObject(S3Services s3) : S3Handler(s3)
{
    public override string Operation => "HeadObject";

    protected override string Action => "s3:GetObject";

    protected override bool OnObject => true;

    public override ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct) =>
        ObjectReader.ReadAsync(S3, context, withBody: false, ct);
}
