using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace SageKeep.Server.Authorization;

/// <summary>
/// Context keys the network path sets on a request before it reaches the API: requests that arrive through
/// an interface VPC endpoint carry <c>aws:SourceVpce</c>, <c>aws:SourceVpc</c> and <c>aws:VpcSourceIp</c>.
/// The listener that accepted the connection stores them in <see cref="HttpContext.Items"/> under
/// <see cref="ItemKey"/>; the authorizer and the audit trail read them from there.
/// </summary>
internal static class RequestTransportKeys
{
    public const string ItemKey = "SageKeep.TransportKeys";

    public static IReadOnlyDictionary<string, string> From(HttpContext context) =>
        context.Items.TryGetValue(ItemKey, out var value) && value is IReadOnlyDictionary<string, string> keys
            ? keys
            : context.Features.Get<IConnectionItemsFeature>()?.Items.TryGetValue(ItemKey, out var connection) == true && connection is IReadOnlyDictionary<string, string> connectionKeys
                ? connectionKeys // set per connection by the endpoint listener's PROXY header (Hosting/ProxyProtocolV2)
                : EmptyKeys;

    private static readonly Dictionary<string, string> EmptyKeys = [];
}
