namespace SageKeep.Server.Registry.Scanning;

/// <summary>
/// The <c>scanGate</c> setting: the lowest severity that fails the marketplace gate (<c>critical</c>,
/// <c>high</c>, <c>medium</c>, <c>low</c>, <c>any</c>, <c>never</c>), optionally <c>:unfixed</c> so findings
/// without a fix count too. Default <c>high</c>: any Critical or High finding that has a fix fails.
/// </summary>
internal static class ScanGateSetting
{
    public const string UnfixedSuffix = ":unfixed";

    private static readonly string[] Levels = ["critical", "high", "medium", "low", "any", "never"];

    public static bool IsValid(string value)
    {
        var text = value.ToLowerInvariant();
        if (text.EndsWith(UnfixedSuffix, StringComparison.Ordinal))
        {
            text = text[..^UnfixedSuffix.Length];
        }

        return Levels.Contains(text);
    }
}
