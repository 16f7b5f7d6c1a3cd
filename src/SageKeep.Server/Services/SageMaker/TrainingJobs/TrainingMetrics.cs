using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SageKeep.Server.Protocols.Validation;

namespace SageKeep.Server.Services.SageMaker.TrainingJobs;

/// <summary>
/// AlgorithmSpecification.MetricDefinitions applied to the container's output lines: the first capture group of a
/// definition's Regex (the whole match when it has none) must read as a number; the last value per metric becomes
/// FinalMetricDataList. Limits as SageMaker's: at most 40 definitions, Name 1-255 and Regex 1-500 characters, names
/// unique. The regexes are the caller's: they run on the non-backtracking engine (linear in the line), or, for
/// constructs it lacks, with a match timeout, and lines are already capped at 256 KiB.
/// </summary>
internal sealed class TrainingMetrics
{
    public const int MaxDefinitions = 40;
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(50);
    private readonly List<(string Name, Regex Regex)> _definitions;

    private TrainingMetrics(List<(string Name, Regex Regex)> definitions) => _definitions = definitions;

    /// <summary>Null when the definitions are acceptable, else the ValidationException message.</summary>
    public static string? Validate(JsonNode? definitions)
    {
        if (definitions is null)
        {
            return null;
        }

        if (definitions is not JsonArray list || list.Count > MaxDefinitions)
        {
            return $"MetricDefinitions can hold at most {MaxDefinitions} metric definitions.";
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in list)
        {
            var name = InputValues.GetString(item?["Name"]) ?? string.Empty;
            var pattern = InputValues.GetString(item?["Regex"]) ?? string.Empty;
            if (name.Length is < 1 or > 255 || pattern.Length is < 1 or > 500)
            {
                return "Each metric definition needs a Name of 1 to 255 characters and a Regex of 1 to 500 characters.";
            }

            if (!names.Add(name))
            {
                return $"Metric definition names must be unique: {name} appears twice.";
            }

            if (Compile(pattern) is null)
            {
                return $"The Regex of metric {name} is not a valid regular expression.";
            }
        }

        return null;
    }

    /// <summary>The compiled definitions, or null when there are none.</summary>
    public static TrainingMetrics? From(JsonNode? definitions)
    {
        var list = new List<(string, Regex)>();
        foreach (var item in definitions as JsonArray ?? [])
        {
            if (InputValues.GetString(item?["Name"]) is { } name && InputValues.GetString(item?["Regex"]) is { } pattern && Compile(pattern) is { } regex)
            {
                list.Add((name, regex));
            }
        }

        return list.Count == 0 ? null : new TrainingMetrics(list);
    }

    /// <summary>The last value each metric takes in <paramref name="lines"/> (timestamp in Unix milliseconds).</summary>
    public Dictionary<string, (double Value, long Timestamp)> LastValues(IEnumerable<(long Timestamp, string Message)> lines)
    {
        var values = new Dictionary<string, (double, long)>(StringComparer.Ordinal);
        foreach (var (timestamp, message) in lines)
        {
            foreach (var (name, regex) in _definitions)
            {
                if (Read(regex, message) is { } value)
                {
                    values[name] = (value, timestamp);
                }
            }
        }

        return values;
    }

    /// <summary>Merges new last values into a FinalMetricDataList (one entry per metric, in definition order of first appearance).</summary>
    public static JsonArray Merge(JsonNode? existing, Dictionary<string, (double Value, long Timestamp)> values)
    {
        var merged = new JsonArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in existing as JsonArray ?? [])
        {
            var name = InputValues.GetString(item?["MetricName"]);
            if (name is null || !seen.Add(name))
            {
                continue;
            }

            merged.Add(values.TryGetValue(name, out var fresh) ? Entry(name, fresh) : item!.DeepClone());
        }

        foreach (var (name, value) in values.Where(v => !seen.Contains(v.Key)))
        {
            merged.Add(Entry(name, value));
        }

        return merged;
    }

    private static JsonObject Entry(string name, (double Value, long Timestamp) value) => new()
    {
        ["MetricName"] = name,
        ["Value"] = value.Value,
        ["Timestamp"] = JsonValue.Create(DateTimeOffset.FromUnixTimeMilliseconds(value.Timestamp)),
    };

    private static double? Read(Regex regex, string message)
    {
        try
        {
            var match = regex.Match(message);
            if (!match.Success)
            {
                return null;
            }

            var text = match.Groups.Count > 1 ? match.Groups[1].Value : match.Value;
            return double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value : null;
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    private static Regex? Compile(string pattern)
    {
        try
        {
            return new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
        }
        catch (NotSupportedException)
        {
            // Lookarounds, backreferences, atomic groups: the backtracking engine, bounded per line.
        }
        catch (ArgumentException)
        {
            return null;
        }

        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant, MatchTimeout);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
