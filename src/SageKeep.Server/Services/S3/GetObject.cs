using SageKeep.Server.Protocols;

namespace SageKeep.Server.Services.S3;

/// <summary><c>GET /bucket/key</c>: the object's bytes, whole or one range, with conditional headers honoured.</summary>
internal sealed class GetObject(S3Services s3) : S3Handler(s3)
{
    public override string Operation => "GetObject";

    protected override string Action => "s3:GetObject";

    protected override bool OnObject => true;

    public override ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct) =>
        ObjectReader.ReadAsync(S3, context, withBody: true, ct);
}
