using System.Text;
using System.Text.Json;

namespace SageKeep.Security.Iam.Parsing;

/// <summary>A place in a policy document's text: 1-based line and 1-based column (in characters).</summary>
public readonly record struct TextPosition(int Line, int Column);

/// <summary>Where one statement of a policy document begins (its '{') and ends (just past its '}').</summary>
public readonly record struct StatementSpan(TextPosition Start, TextPosition End);

/// <summary>
/// Finds the text span of every statement of a policy document, in statement order, for the
/// StartPosition and EndPosition of IAM's simulation results. Works on any document the parser accepted
/// (a Statement object or array at the top level; the last Statement member counts, as in the parser).
/// </summary>
public static class StatementPositions
{
    /// <summary>The statements' spans; empty when the text is not a JSON object with a Statement member.</summary>
    public static IReadOnlyList<StatementSpan> Find(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var bytes = Encoding.UTF8.GetBytes(json);
        var spans = new List<StatementSpan>();
        try
        {
            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return [];
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isStatement = reader.ValueTextEquals("Statement"u8);
                reader.Read();
                if (!isStatement)
                {
                    reader.Skip();
                    continue;
                }

                spans.Clear();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    spans.Add(SpanOf(ref reader, bytes));
                }
                else if (reader.TokenType == JsonTokenType.StartArray)
                {
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        if (reader.TokenType == JsonTokenType.StartObject)
                        {
                            spans.Add(SpanOf(ref reader, bytes));
                        }
                        else
                        {
                            reader.Skip();
                        }
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            return [];
        }

        return spans;
    }

    /// <summary>The reader is on the statement's StartObject; leaves it on the matching EndObject.</summary>
    private static StatementSpan SpanOf(ref Utf8JsonReader reader, byte[] bytes)
    {
        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        var end = (int)reader.TokenStartIndex + 1;
        return new StatementSpan(PositionOf(bytes, start), PositionOf(bytes, end));
    }

    private static TextPosition PositionOf(byte[] bytes, int offset)
    {
        var before = bytes.AsSpan(0, offset);
        var line = before.Count((byte)'\n') + 1;
        var lineStart = before.LastIndexOf((byte)'\n') + 1;
        return new TextPosition(line, Encoding.UTF8.GetCharCount(before[lineStart..]) + 1);
    }
}
