using System.Text.Json;
using SageKeep.Core.Identity;

namespace SageKeep.Security.Sts;

/// <summary>
/// The role-session part of a session token payload (property <c>"R"</c>): compact one-letter names,
/// bounded on read (string lengths, list and tag counts), every field type-checked. Only read after
/// AES-GCM authenticated the token, and still parsed defensively.
/// </summary>
internal static class RoleSessionJson
{
    private const int MaxStringLength = 2048;
    private const int MaxPolicyArns = 10;
    private const int MaxTags = 50;

    public static void Write(Utf8JsonWriter writer, RoleSession role)
    {
        writer.WriteStartObject("R");
        writer.WriteString("a", role.RoleArn);
        writer.WriteString("i", role.RoleId);
        writer.WriteString("n", role.SessionName);
        if (role.SourceIdentity is { } source)
        {
            writer.WriteString("x", source);
        }

        if (role.InlinePolicy is { } policy)
        {
            writer.WriteString("p", policy);
        }

        writer.WriteStartArray("q");
        foreach (var arn in role.PolicyArns)
        {
            writer.WriteStringValue(arn);
        }

        writer.WriteEndArray();
        writer.WriteStartObject("g");
        foreach (var (key, value) in role.Tags)
        {
            writer.WriteString(key, value);
        }

        writer.WriteEndObject();
        writer.WriteBoolean("c", role.IsChained);
        writer.WriteEndObject();
    }

    /// <summary>Reads the object the reader is positioned on (StartObject); null when anything is off.</summary>
    public static RoleSession? Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        string? roleArn = null, roleId = null, name = null, source = null, policy = null;
        List<string>? arns = null;
        Dictionary<string, string>? tags = null;
        bool? chained = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = reader.GetString();
            if (!reader.Read())
            {
                return null;
            }

            switch (property, reader.TokenType)
            {
                case ("a", JsonTokenType.String) when roleArn is null:
                    roleArn = Bounded(reader.GetString());
                    break;
                case ("i", JsonTokenType.String) when roleId is null:
                    roleId = Bounded(reader.GetString());
                    break;
                case ("n", JsonTokenType.String) when name is null:
                    name = Bounded(reader.GetString());
                    break;
                case ("x", JsonTokenType.String) when source is null:
                    source = Bounded(reader.GetString());
                    break;
                case ("p", JsonTokenType.String) when policy is null:
                    policy = Bounded(reader.GetString());
                    break;
                case ("q", JsonTokenType.StartArray) when arns is null:
                    arns = ReadStrings(ref reader);
                    break;
                case ("g", JsonTokenType.StartObject) when tags is null:
                    tags = ReadTags(ref reader);
                    break;
                case ("c", JsonTokenType.True or JsonTokenType.False) when chained is null:
                    chained = reader.GetBoolean();
                    break;
                default:
                    return null;
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject || roleArn is null || roleId is null || name is null
            || arns is null || tags is null || chained is null)
        {
            return null;
        }

        return new RoleSession(roleArn, roleId, name)
        {
            SourceIdentity = source,
            InlinePolicy = policy,
            PolicyArns = arns,
            Tags = tags,
            IsChained = chained.Value,
        };
    }

    private static string? Bounded(string? value) => value is { Length: <= MaxStringLength } ? value : null;

    private static List<string>? ReadStrings(ref Utf8JsonReader reader)
    {
        var values = new List<string>();
        while (reader.Read() && reader.TokenType == JsonTokenType.String)
        {
            if (values.Count == MaxPolicyArns || Bounded(reader.GetString()) is not { } value)
            {
                return null;
            }

            values.Add(value);
        }

        return reader.TokenType == JsonTokenType.EndArray ? values : null;
    }

    private static Dictionary<string, string>? ReadTags(ref Utf8JsonReader reader)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = Bounded(reader.GetString());
            if (key is null || tags.Count == MaxTags || !reader.Read() || reader.TokenType != JsonTokenType.String
                || Bounded(reader.GetString()) is not { } value || !tags.TryAdd(key, value))
            {
                return null;
            }
        }

        return reader.TokenType == JsonTokenType.EndObject ? tags : null;
    }
}
