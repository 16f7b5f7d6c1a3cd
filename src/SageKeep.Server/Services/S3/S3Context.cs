using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Validation;

namespace SageKeep.Server.Services.S3;

/// <summary>Reading an S3 call's bucket, key, headers and query parameters.</summary>
internal static class S3Context
{
    public static string Bucket(this OperationContext context) => InputValues.GetString(context.Input["Bucket"]) ?? string.Empty;

    public static string Key(this OperationContext context) => InputValues.GetString(context.Input["Key"]) ?? string.Empty;

    public static string? Header(this OperationContext context, string name) =>
        context.HttpContext.Request.Headers.TryGetValue(name, out var values) && values.Count > 0 ? values.ToString() : null;

    public static string? Query(this OperationContext context, string name) =>
        context.HttpContext.Request.Query.TryGetValue(name, out var values) && values.Count > 0 ? values.ToString() : null;
}
