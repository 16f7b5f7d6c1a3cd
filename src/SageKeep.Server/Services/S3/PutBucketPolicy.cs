using System.Text;
using SageKeep.Security.Iam.Model;
using SageKeep.Security.Iam.Parsing;
using SageKeep.Server.Protocols;

namespace SageKeep.Server.Services.S3;

/// <summary>
/// <c>PUT /bucket?policy</c>: a resource-based policy (JSON, at most 20 KB) validated by the IAM policy parser;
/// MalformedPolicy with the parser's reason otherwise. 204.
/// </summary>
internal sealed class PutBucketPolicy(S3Services s3) : S3Handler(s3)
{
    public const int MaxPolicyBytes = 20 * 1024;

    public override string Operation => "PutBucketPolicy";

    protected override string Action => "s3:PutBucketPolicy";

    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        var bucket = context.Bucket();
        var (body, error) = await S3Body.ReadAsync(context, MaxPolicyBytes + 1, ct).ConfigureAwait(false);
        if (error is not null)
        {
            return OperationResult.Fail(error.Code == "MalformedXML" ? S3Errors.MalformedPolicy("Policies must be less than 20 KB") : error);
        }

        if (body!.Length > MaxPolicyBytes)
        {
            return OperationResult.Fail(S3Errors.MalformedPolicy("Policies must be less than 20 KB"));
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(body);
        }
        catch (DecoderFallbackException)
        {
            return OperationResult.Fail(S3Errors.MalformedPolicy("Policies must be valid JSON and the first byte must be '{'"));
        }

        var parsed = PolicyParser.Parse(text, PolicyKind.Resource, $"bucket-policy:{bucket}");
        if (!parsed.IsSuccess)
        {
            return OperationResult.Fail(S3Errors.MalformedPolicy(parsed.Error.Message));
        }

        return await S3.Store.SetPolicyAsync(bucket, text, ct).ConfigureAwait(false)
            ? S3Xml.Empty(204)
            : OperationResult.Fail(S3Errors.NoSuchBucket);
    }
}
