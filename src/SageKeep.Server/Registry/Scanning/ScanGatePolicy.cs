using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SageKeep.Scanning.Matching;
using SageKeep.Scanning.Policy;
using SageKeep.Server.Configuration;

namespace SageKeep.Server.Registry.Scanning;

/// <summary>
/// The marketplace gate as a <see cref="ScanPolicy"/> and the text recorded with every verdict, so a stored result
/// always says which policy decided it (a later change of the settings or files does not rewrite history): the
/// <c>scanGate</c> level plus, when configured, the ignore file and the OpenVEX documents, each named with the
/// SHA-256 of the bytes that were applied.
/// </summary>
internal sealed record ScanGatePolicy(ScanPolicy Policy, string Description)
{
    /// <summary>
    /// The gate as configured now: <c>scanGate</c> with <c>scanGateIgnoreFile</c> and <c>scanGateVex</c> read from
    /// disk (so an edited ignore file applies to the next scan). An unreadable or invalid file is an error, never
    /// an empty policy: the caller fails closed.
    /// </summary>
    public static (ScanGatePolicy? Policy, string? Error) Load(ServerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var gate = From(settings.ScanGate);
        if (settings.ScanGateIgnoreFile is null && settings.ScanGateVex.Count == 0)
        {
            return (gate, null);
        }

        var description = new StringBuilder(gate.Description);
        IReadOnlyList<IgnoreRule> ignores = [];
        var vex = new List<VexStatement>();
        try
        {
            if (settings.ScanGateIgnoreFile is { } ignorePath)
            {
                var bytes = Read(ignorePath, IgnoreFileParser.MaxBytes);
                ignores = IgnoreFileParser.Parse(Encoding.UTF8.GetString(bytes), Path.GetFileName(ignorePath));
                description.Append(CultureInfo.InvariantCulture, $"; ignore file {Path.GetFileName(ignorePath)} sha256:{Digest(bytes)} ({ignores.Count} entries)");
            }

            foreach (var vexPath in settings.ScanGateVex)
            {
                var bytes = Read(vexPath, OpenVexParser.MaxBytes);
                var statements = OpenVexParser.Parse(bytes, Path.GetFileName(vexPath));
                vex.AddRange(statements);
                description.Append(CultureInfo.InvariantCulture, $"; VEX {Path.GetFileName(vexPath)} sha256:{Digest(bytes)} ({statements.Count} statements)");
            }
        }
        catch (PolicyFileException e)
        {
            return (null, e.Message);
        }

        return (new ScanGatePolicy(gate.Policy with { Ignores = ignores, Vex = vex }, description.ToString()), null);
    }

    public static ScanGatePolicy From(string setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        var text = setting.ToLowerInvariant();
        var unfixed = text.EndsWith(ScanGateSetting.UnfixedSuffix, StringComparison.Ordinal);
        var level = unfixed ? text[..^ScanGateSetting.UnfixedSuffix.Length] : text;
        Severity? failAt = level switch
        {
            "critical" => Severity.Critical,
            "high" => Severity.High,
            "medium" => Severity.Medium,
            "low" => Severity.Low,
            "any" => Severity.Unknown,
            "never" => null,
            _ => throw new ArgumentException($"'{setting}' is not a scan gate.", nameof(setting)),
        };
        var policy = new ScanPolicy { FailAt = failAt, FailOnlyWhenFixed = !unfixed };
        var what = failAt switch
        {
            null => "never fails",
            Severity.Unknown => "fails on any finding",
            Severity.Critical => "fails on Critical findings",
            { } s => $"fails on {s} or higher findings",
        };
        var description = failAt is null ? $"scanGate={text}: {what}" : $"scanGate={text}: {what}{(unfixed ? string.Empty : " that have a fix")}";
        return new ScanGatePolicy(policy, description);
    }

    /// <summary>The file's bytes in one read, so the digest recorded is that of exactly what was parsed.</summary>
    private static byte[] Read(string path, int maxBytes)
    {
        var name = Path.GetFileName(path);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            if (stream.Length > maxBytes)
            {
                throw new PolicyFileException($"{name}: larger than {maxBytes} bytes");
            }

            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            return bytes;
        }
        catch (FileNotFoundException e)
        {
            throw new PolicyFileException($"{name}: no such file", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PolicyFileException($"{name}: cannot be read: {e.Message}", e);
        }
    }

    private static string Digest(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
