namespace SageKeep.Server.Protocols.Routing;

/// <summary>The first routing decision, made from headers and path before the body is read.</summary>
internal enum RouteKind
{
    AwsJson,
    Query,
    RuntimeRestJson,
    Registry,
    S3,
}
