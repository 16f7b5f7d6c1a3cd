using System.Buffers;
using System.Text.Json;
using SageKeep.Core.Identity;
using SageKeep.Security.Credentials;

namespace SageKeep.Security.Sts;

/// <summary>
/// The plaintext inside a session token: compact JSON with one-letter names, so tokens stay short
/// (clients send them on every request). Read only after AES-GCM authenticated it, and still bounded.
/// </summary>
internal sealed record SessionTokenPayload(
    string AccessKeyId,
    string SecretAccessKey,
    string AccountId,
    string Arn,
    string UserId,
    PrincipalType Type,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt,
    bool MultiFactorAuthPresent,
    string SourceAccessKeyId,
    RoleSession? Role = null)
{
    private const int MaxStringLength = 2048;

    public byte[] ToUtf8()
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("k", AccessKeyId);
            writer.WriteString("s", SecretAccessKey);
            writer.WriteString("a", AccountId);
            writer.WriteString("r", Arn);
            writer.WriteString("u", UserId);
            writer.WriteString("t", Type.ToString());
            writer.WriteNumber("i", IssuedAt.ToUnixTimeMilliseconds());
            writer.WriteNumber("e", ExpiresAt.ToUnixTimeMilliseconds());
            writer.WriteBoolean("m", MultiFactorAuthPresent);
            writer.WriteString("o", SourceAccessKeyId);
            if (Role is not null)
            {
                RoleSessionJson.Write(writer, Role);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Parses the payload; null when anything is missing, mistyped, out of range or nested.</summary>
    public static SessionTokenPayload? TryParse(ReadOnlySpan<byte> utf8)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 3 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            // The seven string members, by their one-letter names: k s a r u t o.
            Span<string?> strings = [null, null, null, null, null, null, null];
            long? issued = null;
            long? expires = null;
            bool? mfa = null;
            RoleSession? role = null;
            var sawRole = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueIsEscaped || reader.ValueSpan.Length != 1)
                {
                    return null;
                }

                var name = (char)reader.ValueSpan[0];
                if (!reader.Read())
                {
                    return null;
                }

                switch (name, reader.TokenType)
                {
                    case ('i', JsonTokenType.Number) when reader.TryGetInt64(out var i):
                        issued = i;
                        break;
                    case ('e', JsonTokenType.Number) when reader.TryGetInt64(out var e):
                        expires = e;
                        break;
                    case ('R', JsonTokenType.StartObject) when !sawRole:
                        sawRole = true;
                        role = RoleSessionJson.Read(ref reader);
                        if (role is null)
                        {
                            return null;
                        }

                        break;
                    case ('m', JsonTokenType.True or JsonTokenType.False):
                        mfa = reader.GetBoolean();
                        break;
                    case ('k' or 's' or 'a' or 'r' or 'u' or 't' or 'o', JsonTokenType.String):
                        var slot = StringSlot(name);
                        var value = reader.GetString();
                        if (value is null || value.Length > MaxStringLength || strings[slot] is not null)
                        {
                            return null;
                        }

                        strings[slot] = value;

                        break;
                    default:
                        return null;
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read()
                || strings.Contains(null) || issued is null || expires is null || mfa is null
                || !Enum.TryParse<PrincipalType>(strings[5], ignoreCase: false, out var type) || !Enum.IsDefined(type)
                || !TryFromUnixMilliseconds(issued.Value, out var issuedAt) || !TryFromUnixMilliseconds(expires.Value, out var expiresAt))
            {
                return null;
            }

            return new SessionTokenPayload(
                strings[0]!, strings[1]!, strings[2]!, strings[3]!, strings[4]!, type, issuedAt, expiresAt, mfa.Value, strings[6]!, role);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public override string ToString() => $"SessionTokenPayload {{ AccessKeyId = {AccessKeyId}, Arn = {Arn}, SecretAccessKey = *** }}";

    private static int StringSlot(char name) => name switch
    {
        'k' => 0,
        's' => 1,
        'a' => 2,
        'r' => 3,
        'u' => 4,
        't' => 5,
        _ => 6,
    };

    private static bool TryFromUnixMilliseconds(long milliseconds, out DateTimeOffset value)
    {
        value = default;
        if (milliseconds < 0 || milliseconds > 253402300799999L)
        {
            return false;
        }

        value = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
        return true;
    }
}
