using System.Collections.Frozen;

namespace SageKeep.Scanning.Cvss;

/// <summary>
/// Parses CVSS vector strings: v2 ("AV:N/AC:L/Au:N/C:P/I:P/A:P", v2 guide section 2.4, optionally in
/// parentheses as NVD's old feeds wrote it), v3.0/v3.1 ("CVSS:3.1/AV:N/…", v3.1 specification section 6)
/// and v4.0 ("CVSS:4.0/AV:N/…", v4.0 specification section 7). Every metric must be known, have a valid
/// value and appear once; all base metrics are required.
/// </summary>
public static class CvssVectorParser
{
    /// <summary>Longer vectors are not CVSS: v4.0 with every metric is about 250 characters.</summary>
    public const int MaxLength = 512;

    private static readonly FrozenDictionary<string, string> V2Metrics = new Dictionary<string, string>
    {
        ["AV"] = "LAN", ["AC"] = "HML", ["Au"] = "MSN", ["C"] = "NPC", ["I"] = "NPC", ["A"] = "NPC",
        ["E"] = "U,POC,F,H,ND", ["RL"] = "OF,TF,W,U,ND", ["RC"] = "UC,UR,C,ND",
        ["CDP"] = "N,L,LM,MH,H,ND", ["TD"] = "N,L,M,H,ND", ["CR"] = "L,M,H,ND", ["IR"] = "L,M,H,ND", ["AR"] = "L,M,H,ND",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string> V3Metrics = new Dictionary<string, string>
    {
        ["AV"] = "NALP", ["AC"] = "LH", ["PR"] = "NLH", ["UI"] = "NR", ["S"] = "UC",
        ["C"] = "HLN", ["I"] = "HLN", ["A"] = "HLN",
        ["E"] = "XUPFH", ["RL"] = "XOTWU", ["RC"] = "XURC",
        ["CR"] = "XLMH", ["IR"] = "XLMH", ["AR"] = "XLMH",
        ["MAV"] = "XNALP", ["MAC"] = "XLH", ["MPR"] = "XNLH", ["MUI"] = "XNR", ["MS"] = "XUC",
        ["MC"] = "XHLN", ["MI"] = "XHLN", ["MA"] = "XHLN",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string> V4Metrics = new Dictionary<string, string>
    {
        ["AV"] = "NALP", ["AC"] = "LH", ["AT"] = "NP", ["PR"] = "NLH", ["UI"] = "NPA",
        ["VC"] = "HLN", ["VI"] = "HLN", ["VA"] = "HLN", ["SC"] = "HLN", ["SI"] = "HLN", ["SA"] = "HLN",
        ["E"] = "XAPU", ["CR"] = "XHML", ["IR"] = "XHML", ["AR"] = "XHML",
        ["MAV"] = "XNALP", ["MAC"] = "XLH", ["MAT"] = "XNP", ["MPR"] = "XNLH", ["MUI"] = "XNPA",
        ["MVC"] = "XHLN", ["MVI"] = "XHLN", ["MVA"] = "XHLN", ["MSC"] = "XHLN", ["MSI"] = "XSHLN", ["MSA"] = "XSHLN",
        ["S"] = "XNP", ["AU"] = "XNY", ["R"] = "XAUI", ["V"] = "XDC", ["RE"] = "XLMH",
        ["U"] = "X,Clear,Green,Amber,Red",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly string[] V2Base = ["AV", "AC", "Au", "C", "I", "A"];
    private static readonly string[] V3Base = ["AV", "AC", "PR", "UI", "S", "C", "I", "A"];
    private static readonly string[] V4Base = ["AV", "AC", "AT", "PR", "UI", "VC", "VI", "VA", "SC", "SI", "SA"];

    public static CvssParseResult Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return CvssParseResult.Fail("the CVSS vector is empty");
        }

        if (text.Length > MaxLength)
        {
            return CvssParseResult.Fail($"the CVSS vector is {text.Length} characters long (at most {MaxLength})");
        }

        var body = text.Trim();
        if (body.StartsWith('(') && body.EndsWith(')'))
        {
            body = body[1..^1];
        }

        var (version, rest) = body switch
        {
            _ when body.StartsWith("CVSS:3.1/", StringComparison.Ordinal) => (CvssVersion.V31, body[9..]),
            _ when body.StartsWith("CVSS:3.0/", StringComparison.Ordinal) => (CvssVersion.V30, body[9..]),
            _ when body.StartsWith("CVSS:4.0/", StringComparison.Ordinal) => (CvssVersion.V40, body[9..]),
            _ when body.StartsWith("CVSS:", StringComparison.Ordinal) => ((CvssVersion?)null, body),
            _ => (CvssVersion.V2, body),
        };
        if (version is null)
        {
            return CvssParseResult.Fail($"unknown CVSS version in '{Shorten(body)}'");
        }

        var (allowed, required) = version switch
        {
            CvssVersion.V2 => (V2Metrics, V2Base),
            CvssVersion.V40 => (V4Metrics, V4Base),
            _ => (V3Metrics, V3Base),
        };

        var metrics = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in rest.Split('/'))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || colon == part.Length - 1)
            {
                return CvssParseResult.Fail($"'{Shorten(part)}' is not METRIC:VALUE in CVSS vector '{Shorten(body)}'");
            }

            var name = part[..colon];
            var value = part[(colon + 1)..];
            if (!allowed.TryGetValue(name, out var values))
            {
                return CvssParseResult.Fail($"unknown metric '{Shorten(name)}' in CVSS vector '{Shorten(body)}'");
            }

            if (!IsAllowed(values, value))
            {
                return CvssParseResult.Fail($"invalid value '{Shorten(value)}' for metric {name} in CVSS vector '{Shorten(body)}'");
            }

            if (!metrics.TryAdd(name, value))
            {
                return CvssParseResult.Fail($"metric {name} appears twice in CVSS vector '{Shorten(body)}'");
            }
        }

        foreach (var name in required)
        {
            if (!metrics.ContainsKey(name))
            {
                return CvssParseResult.Fail($"base metric {name} is missing from CVSS vector '{Shorten(body)}'");
            }
        }

        return CvssParseResult.Ok(new CvssVector(version.Value, body, metrics));
    }

    // Values are single letters listed together ("NALP") or comma-separated words ("U,POC,F").
    private static bool IsAllowed(string values, string value) => values.Contains(',', StringComparison.Ordinal)
        ? values.Split(',').Contains(value, StringComparer.Ordinal)
        : value.Length == 1 && values.Contains(value[0], StringComparison.Ordinal);

    private static string Shorten(string text) => text.Length <= 64 ? text : string.Concat(text.AsSpan(0, 64), "…");
}
