using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using SageKeep.Server.Authorization;

namespace SageKeep.Server.Audit;

/// <summary>
/// One authorisation a handler took inside a request for one of its items (each key of a DeleteObjects):
/// the action and resource asked about, the answer, the error the item got, and what identifies the item.
/// </summary>
internal sealed record ItemDecision(string Action, IReadOnlyList<string> Resources, AuthorizationResult Result, string? ErrorCode, JsonObject? Parameters);

/// <summary>
/// The item decisions of one request, kept on the request so that the audit trail writes one record per
/// item after the request's own record (same request id, <see cref="AuditRecord.ItemDecision"/> set).
/// </summary>
internal static class ItemDecisions
{
    private const string ItemKey = "SageKeep.Audit.ItemDecisions";

    public static void Add(HttpContext http, ItemDecision decision)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(decision);
        if (http.Items.TryGetValue(ItemKey, out var existing) && existing is List<ItemDecision> list)
        {
            list.Add(decision);
            return;
        }

        http.Items[ItemKey] = new List<ItemDecision> { decision };
    }

    public static IReadOnlyList<ItemDecision> Of(HttpContext http) =>
        http.Items.TryGetValue(ItemKey, out var existing) && existing is List<ItemDecision> list ? list : [];
}
