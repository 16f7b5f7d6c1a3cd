namespace SageKeep.Server.Logging;

/// <summary>
/// Makes a caller-controlled string safe to log: control characters (CR and LF above all) become
/// '_' so a client cannot forge log lines, and the length is capped.
/// </summary>
public static class LogText
{
    public const int DefaultMaxLength = 256;

    public static string Clean(string? value, int maxLength = DefaultMaxLength)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        var length = Math.Min(value.Length, maxLength);
        return string.Create(length + (value.Length > maxLength ? 3 : 0), (value, length), static (span, state) =>
        {
            for (var i = 0; i < state.length; i++)
            {
                var c = state.value[i];
                span[i] = char.IsControl(c) || c is '\u2028' or '\u2029' ? '_' : c;
            }

            if (span.Length > state.length)
            {
                span[state.length..].Fill('.');
            }
        });
    }
}
