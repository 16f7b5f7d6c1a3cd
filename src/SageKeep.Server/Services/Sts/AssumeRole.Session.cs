using System.Collections.Concurrent;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using SageKeep.Core.Errors;
using SageKeep.Core.Identity;
using SageKeep.Security.Iam.Model;
using SageKeep.Security.Iam.Parsing;
using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols.Validation;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Sts;

internal sealed partial class AssumeRole
{
    /// <summary>
    /// The compressed size the session policies and tags may take in a token (PackedPolicySize 100%).
    /// AWS does not publish its limit; ours keeps every accepted session within the token bound.
    /// </summary>
    public const int PackedLimitBytes = 2048;

    private const int MaxInlinePolicyLength = 2048;
    private const int MaxPolicyArns = 10;
    private const int MaxPlainSessionData = 8192;
    private const int TrustCacheCapacity = 1024;

    /// <summary>Stands in for a missing role's trust policy: it names no principal that can call.</summary>
    private static readonly CompiledPolicy TrustsNobody = PolicyParser.Parse(
        """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"none.invalid"},"Action":"sts:AssumeRole"}]}""",
        PolicyKind.Trust,
        "trust-policy").Policy ?? throw new InvalidOperationException("The placeholder trust policy must parse.");

    private static readonly ConcurrentDictionary<string, CompiledPolicy> TrustPolicies = new(StringComparer.Ordinal);

    private static AccessRequest AccessFor(string action, string roleArn, IamRole? role, JsonObject input)
    {
        var trust = role is null ? TrustsNobody : CompileTrust(role);
        var keys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        if (InputValues.GetString(input["RoleSessionName"]) is { } sessionName)
        {
            keys["sts:RoleSessionName"] = [sessionName];
        }

        if (InputValues.GetString(input["ExternalId"]) is { } externalId)
        {
            keys["sts:ExternalId"] = [externalId];
        }

        if (InputValues.GetString(input["SourceIdentity"]) is { } sourceIdentity)
        {
            keys["sts:SourceIdentity"] = [sourceIdentity];
        }

        var tags = ReadTags(input, out _);
        return new AccessRequest(action, [roleArn])
        {
            ResourcePolicy = trust,
            TrustPolicy = trust,
            ContextKeys = keys,
            RequestTags = tags.Count > 0 ? tags : null,
            ResourceTags = role?.Tags.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal),
        };
    }

    private static CompiledPolicy CompileTrust(IamRole role)
    {
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(role.AssumeRolePolicyDocument)));
        if (TrustPolicies.TryGetValue(key, out var cached))
        {
            return cached;
        }

        // A stored trust policy was validated when it was written; one that no longer parses trusts nobody.
        var compiled = PolicyParser.Parse(role.AssumeRolePolicyDocument, PolicyKind.Trust, "trust-policy").Policy ?? TrustsNobody;
        if (TrustPolicies.Count >= TrustCacheCapacity)
        {
            TrustPolicies.Clear();
        }

        TrustPolicies[key] = compiled;
        return compiled;
    }

    private static (RoleSession? Role, int PackedPercent, AwsError? Error) ReadSession(JsonObject input, IamRole role, string sessionName, bool chained, RoleSession? callerSession)
    {
        var policy = InputValues.GetString(input["Policy"]);
        if (policy is { Length: > MaxInlinePolicyLength })
        {
            return (null, 0, AwsError.Sender("ValidationError", $"1 validation error detected: Value at 'policy' failed to satisfy constraint: Member must have length less than or equal to {MaxInlinePolicyLength}", 400));
        }

        if (policy is not null && PolicyParser.Parse(policy, PolicyKind.Identity, "session-policy") is { IsSuccess: false } parsed)
        {
            return (null, 0, AwsError.Sender("MalformedPolicyDocument", parsed.Error.Message, 400));
        }

        var arns = new List<string>();
        foreach (var item in input["PolicyArns"] as JsonArray ?? [])
        {
            if (InputValues.GetString(item?["arn"]) is not { Length: > 0 } arn || !arn.StartsWith("arn:aws:iam::", StringComparison.Ordinal) || !arn.Contains(":policy/", StringComparison.Ordinal))
            {
                return (null, 0, AwsError.Sender("ValidationError", "Each PolicyArns entry must be the ARN of an IAM managed policy.", 400));
            }

            arns.Add(arn);
        }

        if (arns.Count > MaxPolicyArns)
        {
            return (null, 0, AwsError.Sender("ValidationError", $"1 validation error detected: Value at 'policyArns' failed to satisfy constraint: Member must have length less than or equal to {MaxPolicyArns}", 400));
        }

        var tags = ReadTags(input, out var duplicate);
        if (duplicate)
        {
            return (null, 0, AwsError.Sender("ValidationError", "Duplicate tag keys found. Please note that Tag keys are case insensitive.", 400));
        }

        // A source identity, once set, stays with every chained session and cannot be changed.
        var sourceIdentity = InputValues.GetString(input["SourceIdentity"]);
        if (callerSession?.SourceIdentity is { } inherited)
        {
            if (sourceIdentity is not null && sourceIdentity != inherited)
            {
                return (null, 0, AwsError.Sender("ValidationError", "The source identity of a role session cannot be changed by role chaining.", 400));
            }

            sourceIdentity = inherited;
        }

        var percent = PackedPercent(policy, arns, tags, out var plainLength);
        if (percent > 100 || plainLength > MaxPlainSessionData)
        {
            return (null, percent, AwsError.Sender("PackedPolicyTooLarge", $"Packed policy consumes {Math.Max(percent, 101)}% of allotted space, please use smaller policy for serialization.", 400));
        }

        return (new RoleSession(role.Arn, role.RoleId, sessionName)
        {
            SourceIdentity = sourceIdentity,
            InlinePolicy = policy,
            PolicyArns = arns,
            Tags = tags,
            IsChained = chained,
        }, percent, null);
    }

    private static Dictionary<string, string> ReadTags(JsonObject input, out bool duplicate)
    {
        duplicate = false;
        var tags = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in input["Tags"] as JsonArray ?? [])
        {
            if (InputValues.GetString(item?["Key"]) is { } key && InputValues.GetString(item?["Value"]) is { } value && !tags.TryAdd(key, value))
            {
                duplicate = true;
            }
        }

        return new Dictionary<string, string>(tags, StringComparer.Ordinal);
    }

    /// <summary>Session policies and tags compressed, as a percentage of <see cref="PackedLimitBytes"/> (at least 1 when any exist).</summary>
    private static int PackedPercent(string? policy, List<string> arns, Dictionary<string, string> tags, out int plainLength)
    {
        var plain = new StringBuilder();
        plain.Append(policy).Append('\n').AppendJoin('\n', arns).Append('\n');
        foreach (var (key, value) in tags)
        {
            plain.Append(key).Append('=').Append(value).Append('\n');
        }

        plainLength = plain.Length;
        if (policy is null && arns.Count == 0 && tags.Count == 0)
        {
            return 0;
        }

        using var packed = new MemoryStream();
        using (var deflate = new DeflateStream(packed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            deflate.Write(Encoding.UTF8.GetBytes(plain.ToString()));
        }

        return (int)Math.Max(1, Math.Ceiling(packed.Length * 100.0 / PackedLimitBytes));
    }
}
