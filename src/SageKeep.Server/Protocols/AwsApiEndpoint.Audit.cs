using Microsoft.AspNetCore.Connections.Features;
using SageKeep.Server.Audit;
using SageKeep.Server.Authorization;

namespace SageKeep.Server.Protocols;

internal sealed partial class AwsApiEndpoint
{
    private const int MaxUserAgentLength = 512;

    /// <summary>
    /// Step 12: one audit record per request, allowed or denied, queued after the answer was sent: who (or which
    /// key id was claimed, for refused signatures), from where, over which TLS, which action on which
    /// resources, the decision and its statement, the outcome, and the input with secrets redacted.
    /// </summary>
    private async Task RecordAuditAsync(RequestState state)
    {
        if (audit is null)
        {
            return;
        }

        var http = state.Context;
        var tls = http.Features.Get<ITlsHandshakeFeature>();
        var transport = RequestTransportKeys.From(http);
        var agent = http.Request.Headers.UserAgent.ToString();
        var record = new AuditRecord
        {
            EventTime = state.StartedAt,
            RequestId = state.RequestId,
            Service = state.Model?.SigningName ?? state.ServiceHint ?? "unknown",
            EventName = state.Operation?.Name ?? state.OperationHint ?? "unknown",
            Action = state.Access?.Action,
            Resources = state.Access?.Resources ?? [],
            PrincipalArn = state.Principal?.Arn,
            AccountId = state.Principal?.AccountId,
            AccessKeyId = state.Principal?.AccessKeyId ?? ClaimedKeyId(state.ClaimedAccessKeyId),
            // Through a VPC endpoint the caller's address is its private one in the VPC (as CloudTrail records it).
            SourceIp = transport.TryGetValue("aws:VpcSourceIp", out var vpcIp) ? vpcIp
                : http.Connection.RemoteIpAddress is { } ip ? (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString() : null,
            UserAgent = agent.Length == 0 ? null : agent.Length > MaxUserAgentLength ? agent[..MaxUserAgentLength] : agent,
            TlsProtocol = tls?.Protocol.ToString(),
            TlsCipher = tls?.NegotiatedCipherSuite?.ToString(),
            VpcEndpointId = transport.TryGetValue("aws:SourceVpce", out var vpce) ? vpce : null,
            Decision = DecisionOf(state),
            DecidingStatement = StatementOf(state.Authorization),
            HttpStatus = http.Response.StatusCode,
            ErrorCode = state.ErrorCode,
            RequestParameters = state.Input is { } input
                ? ParameterRedactor.Redact(state.Model, state.Model?.FindShape(state.Operation?.InputShape), input)
                : null,
        };

        // Decisions the handler took per item (each key of a DeleteObjects) follow as records of their own.
        var items = ItemDecisions.Of(http);
        try
        {
            if (items.Count == 0)
            {
                // Queued, not awaited to disk: the answer is already sent, and waiting for the group commit's fsync would
                // only hold this keep-alive connection from its next request (bench/README.md, "Inference overhead").
                await audit.EnqueueAsync(record, CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                var records = new List<AuditRecord>(items.Count + 1) { record };
                records.AddRange(items.Select(item => record with
                {
                    Action = item.Action,
                    Resources = item.Resources,
                    Decision = item.Result.Decision.ToString(),
                    DecidingStatement = StatementOf(item.Result),
                    ErrorCode = item.ErrorCode,
                    RequestParameters = item.Parameters,
                    ItemDecision = true,
                }));
                await audit.RecordAllAsync(records, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Data.Common.DbException)
        {
            // The trail logged the failure with the number of records lost; the answer is already sent.
        }
    }

    private static string? StatementOf(AuthorizationResult? result) =>
        result?.Statement is { } statement ? $"{statement.PolicyId}#{statement.Sid ?? statement.Index.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : null;

    /// <summary>A refused request's claimed key id is recorded only when it looks like one (key ids are not secret).</summary>
    private static string? ClaimedKeyId(string? claimed) =>
        claimed is { Length: > 0 and <= 128 } && claimed.All(char.IsAsciiLetterOrDigit) ? claimed : null;

    private static string DecisionOf(RequestState state) => state switch
    {
        { Principal: null } => "Unauthenticated",
        { Access.RequiresAuthorization: false } => "NotRequired",
        { Authorization: { } authorization } => authorization.Decision.ToString(),
        _ => "NotEvaluated",
    };
}
