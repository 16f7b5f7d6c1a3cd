namespace SageKeep.Server.Services.SageMaker.TrainingJobs;

/// <summary>s3://bucket/prefix as SageMaker's S3Uri and S3OutputPath members carry it.</summary>
internal static class S3Uri
{
    public static (string Bucket, string Prefix)? Parse(string? uri)
    {
        const string Scheme = "s3://";
        if (uri is null || !uri.StartsWith(Scheme, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = uri[Scheme.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? rest : rest[..slash];
        var prefix = slash < 0 ? string.Empty : rest[(slash + 1)..];
        return bucket.Length is >= 3 and <= 63 && !bucket.Contains("..", StringComparison.Ordinal) && prefix.Length <= 1024 ? (bucket, prefix) : null;
    }
}
