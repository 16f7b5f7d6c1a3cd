using Microsoft.AspNetCore.Http;
using SageKeep.Server.ServiceModels;

namespace SageKeep.Server.Protocols.Routing;

/// <summary>
/// Picks the protocol and service of a request from the markers AWS clients send: <c>X-Amz-Target</c>
/// (awsJson), a form body or query string with <c>Action</c> (awsQuery/ec2), <c>/endpoints/</c>
/// (SageMaker Runtime), <c>/v2/</c> (registry), anything else S3.
/// </summary>
internal static class RequestRouter
{
    /// <summary>awsJson services by the prefix of <c>X-Amz-Target</c> (the models' <c>targetPrefix</c>).</summary>
    private static readonly Dictionary<string, string> JsonServicesByTarget = new(StringComparer.Ordinal)
    {
        ["SageMaker"] = "sagemaker",
        ["AmazonEC2ContainerRegistry_V20150921"] = "ecr",
        ["Logs_20140328"] = "logs",
    };

    /// <summary>Query services by their API version, used when the request is unsigned (no scope).</summary>
    private static readonly Dictionary<string, string> QueryServicesByVersion = new(StringComparer.Ordinal)
    {
        ["2010-05-08"] = "iam",
        ["2011-06-15"] = "sts",
        ["2016-11-15"] = "ec2",
    };

    private static readonly HashSet<string> QueryServices = new(StringComparer.Ordinal) { "iam", "sts", "ec2" };

    public static RouteKind Classify(string method, string path, IHeaderDictionary headers, IQueryCollection query)
    {
        if (headers.ContainsKey("X-Amz-Target"))
        {
            return RouteKind.AwsJson;
        }

        if (path.Equals("/v2", StringComparison.Ordinal) || path.StartsWith("/v2/", StringComparison.Ordinal))
        {
            return RouteKind.Registry;
        }

        if (path.StartsWith("/endpoints/", StringComparison.Ordinal))
        {
            return RouteKind.RuntimeRestJson;
        }

        var contentType = headers.ContentType.ToString();
        if ((HttpMethods.IsPost(method) && contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
            || (query.ContainsKey("Action") && query.ContainsKey("Version")))
        {
            return RouteKind.Query;
        }

        return RouteKind.S3;
    }

    /// <summary>Splits <c>X-Amz-Target: SageMaker.CreateTrainingJob</c>; the service comes from the prefix (null when unknown).</summary>
    public static (string? Service, string Operation) ResolveTarget(string target)
    {
        var dot = target.LastIndexOf('.');
        var prefix = dot < 0 ? string.Empty : target[..dot];
        var operation = dot < 0 ? target : target[(dot + 1)..];
        return (JsonServicesByTarget.GetValueOrDefault(prefix), operation);
    }

    /// <summary>The query service: the credential scope names it when signed; the Version decides otherwise.</summary>
    public static string? ResolveQueryService(string? version, CredentialScope? scope)
    {
        if (scope is not null && QueryServices.Contains(scope.Service))
        {
            return scope.Service;
        }

        return version is not null && QueryServicesByVersion.TryGetValue(version, out var service) ? service : null;
    }

    public static ProtocolKind ProtocolOf(ServiceModel model) => model.Protocol switch
    {
        "json" => ProtocolKind.AwsJson,
        "query" => ProtocolKind.AwsQuery,
        "ec2" => ProtocolKind.Ec2Query,
        "rest-json" => ProtocolKind.RestJson,
        _ => ProtocolKind.RestXml,
    };
}
