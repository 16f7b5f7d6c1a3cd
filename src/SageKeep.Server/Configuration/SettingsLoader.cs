using System.Collections;
using System.Globalization;
using System.Net;

namespace SageKeep.Server.Configuration;

/// <summary>
/// Builds <see cref="ServerSettings"/> from four layers, later ones winning: defaults, the config file,
/// <c>SAGEKEEP_*</c> environment variables, command-line flags. Parsing only; the checks that touch the
/// file system are <see cref="SettingsValidator"/>'s.
/// </summary>
public static class SettingsLoader
{
    public const string ConfigEnvironmentVariable = "SAGEKEEP_CONFIG";

    /// <summary>Loads and parses; <paramref name="flags"/> carry their flag name as source.</summary>
    public static SettingsResult Load(string? configPath, IDictionary environment, IReadOnlyList<RawSetting> flags)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(flags);

        var merged = new Dictionary<SettingKey, RawSetting>();
        configPath ??= environment[ConfigEnvironmentVariable] as string;
        if (!string.IsNullOrEmpty(configPath))
        {
            var (fileSettings, error) = ConfigFileReader.Read(configPath);
            if (error is not null)
            {
                return SettingsResult.Fail(error);
            }

            Layer(merged, fileSettings);
        }

        Layer(merged, FromEnvironment(environment));
        Layer(merged, flags);
        return Parse(merged.Values);
    }

    internal static IReadOnlyList<RawSetting> FromEnvironment(IDictionary environment)
    {
        var settings = new List<RawSetting>();
        foreach (var key in SettingKeys.All)
        {
            if (environment[key.EnvironmentVariable] is string value && value.Length > 0)
            {
                settings.Add(new RawSetting(key, value, key.EnvironmentVariable));
            }
        }

        return settings;
    }

    internal static SettingsResult Parse(IEnumerable<RawSetting> raw)
    {
        var settings = new ServerSettings();
        foreach (var setting in raw)
        {
            var (next, error) = Apply(settings, setting);
            if (error is not null)
            {
                return SettingsResult.Fail(error);
            }

            settings = next!;
        }

        return SettingsResult.Ok(settings);
    }

    private static void Layer(Dictionary<SettingKey, RawSetting> merged, IEnumerable<RawSetting> layer)
    {
        foreach (var setting in layer)
        {
            merged[setting.Key] = setting;
        }
    }

    private static (ServerSettings? Settings, string? Error) Apply(ServerSettings s, RawSetting raw)
    {
        var value = raw.Value.Trim();
        string Bad(string expected) => $"{raw.Source}: '{Printable(value)}' is not {expected}";

        if (raw.Key == SettingKeys.Address)
        {
            return IPAddress.TryParse(value, out var address) ? (s with { ListenAddress = address }, null) : (null, Bad("an IP address"));
        }

        if (raw.Key == SettingKeys.Port)
        {
            return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535
                ? (s with { Port = port }, null)
                : (null, Bad("a port number (1-65535)"));
        }

        if (raw.Key == SettingKeys.DataDir)
        {
            return (s with { DataDirectory = Path.GetFullPath(value) }, null);
        }

        if (raw.Key == SettingKeys.TlsPreset)
        {
            return TryParsePreset(value, out var preset) ? (s with { TlsPreset = preset }, null) : (null, Bad("a TLS preset (modern, intermediate, compat, legacy)"));
        }

        if (raw.Key == SettingKeys.TlsCertificate)
        {
            return (s with { CertificatePath = Path.GetFullPath(value) }, null);
        }

        if (raw.Key == SettingKeys.TlsKey)
        {
            return (s with { KeyPath = Path.GetFullPath(value) }, null);
        }

        if (raw.Key == SettingKeys.TlsClientCa)
        {
            return (s with { ClientCaPath = Path.GetFullPath(value) }, null);
        }

        if (raw.Key == SettingKeys.AllowLegacyTls)
        {
            return bool.TryParse(value, out var allow) ? (s with { AllowLegacyTls = allow }, null) : (null, Bad("true or false"));
        }

        if (raw.Key == SettingKeys.AccountId)
        {
            return Core.AwsAccount.IsValidAccountId(value) ? (s with { AccountId = value }, null) : (null, Bad("a 12-digit account id"));
        }

        if (raw.Key == SettingKeys.Region)
        {
            return IsRegion(value) ? (s with { Region = value }, null) : (null, Bad("a region name like us-east-1"));
        }

        if (raw.Key == SettingKeys.MaxRequestBodyBytes)
        {
            return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var max) && max is >= 1024 and <= 64L * 1024 * 1024 * 1024
                ? (s with { MaxRequestBodyBytes = max }, null)
                : (null, Bad("a byte count between 1024 and 68719476736"));
        }

        if (raw.Key == SettingKeys.TrainingMemoryBytes)
        {
            return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var memory) && memory is >= 16L * 1024 * 1024 and <= 16L * 1024 * 1024 * 1024 * 1024
                ? (s with { TrainingMemoryBytes = memory }, null)
                : (null, Bad("a byte count between 16777216 and 17592186044416"));
        }

        if (raw.Key == SettingKeys.TrainingMaxInstances)
        {
            return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var instances) && instances is >= 1 and <= 64
                ? (s with { TrainingMaxInstances = instances }, null)
                : (null, Bad("a count between 1 and 64"));
        }

        if (raw.Key == SettingKeys.InferenceStartTimeoutSeconds)
        {
            return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is >= 1 and <= 3600
                ? (s with { InferenceStartTimeoutSeconds = seconds }, null)
                : (null, Bad("a number of seconds between 1 and 3600"));
        }

        if (raw.Key == SettingKeys.InferenceHealthCheckIntervalSeconds)
        {
            return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var interval) && interval is >= 1 and <= 3600
                ? (s with { InferenceHealthCheckIntervalSeconds = interval }, null)
                : (null, Bad("a number of seconds between 1 and 3600"));
        }

        if (raw.Key == SettingKeys.InferenceHealthCheckFailures)
        {
            return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var failures) && failures is >= 1 and <= 100
                ? (s with { InferenceHealthCheckFailures = failures }, null)
                : (null, Bad("a count between 1 and 100"));
        }

        if (raw.Key == SettingKeys.RegistryUploadIdleTimeoutSeconds)
        {
            return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var idle) && idle >= 1 && idle <= Registry.RegistryLimits.MaxUploadIdleTimeout.TotalSeconds
                ? (s with { RegistryUploadIdleTimeout = TimeSpan.FromSeconds(idle) }, null)
                : (null, Bad("a number of seconds between 1 and 86400"));
        }

        if (raw.Key == SettingKeys.MetricsEndpoint)
        {
            return bool.TryParse(value, out var metrics) ? (s with { MetricsEndpoint = metrics }, null) : (null, Bad("true or false"));
        }

        if (raw.Key == SettingKeys.InferenceMaxPayloadBytes)
        {
            return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) && bytes is >= 1024 and <= 6291456
                ? (s with { InferenceMaxPayloadBytes = bytes }, null)
                : (null, Bad("a byte count between 1024 and 6291456"));
        }

        if (raw.Key == SettingKeys.VulnDbPath)
        {
            return (s with { VulnDbPath = Path.GetFullPath(value) }, null);
        }

        if (raw.Key == SettingKeys.ScanGate)
        {
            return Registry.Scanning.ScanGateSetting.IsValid(value) ? (s with { ScanGate = value.ToLowerInvariant() }, null) : (null, Bad("critical, high, medium, low, any or never, optionally followed by :unfixed"));
        }

        if (raw.Key == SettingKeys.ScanGateIgnoreFile)
        {
            return (s with { ScanGateIgnoreFile = Path.GetFullPath(value) }, null);
        }

        if (raw.Key == SettingKeys.ScanGateVex)
        {
            var documents = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return documents.Length > 0 ? (s with { ScanGateVex = [.. documents.Select(Path.GetFullPath)] }, null) : (null, Bad("one or more OpenVEX document paths separated by commas"));
        }

        if (raw.Key == SettingKeys.S3Domain)
        {
            return Uri.CheckHostName(value) == UriHostNameType.Dns ? (s with { S3Domain = value.ToLowerInvariant() }, null) : (null, Bad("a DNS domain"));
        }

        if (raw.Key == SettingKeys.ObjectStoreEndpoint)
        {
            return Uri.TryCreate(value, UriKind.Absolute, out var endpoint) && endpoint.Scheme is "https" or "http"
                ? (s with { ObjectStoreEndpoint = value }, null)
                : (null, Bad("an http(s) URL"));
        }

        if (raw.Key == SettingKeys.ObjectStoreAccessKeyId)
        {
            return (s with { ObjectStoreAccessKeyId = value }, null);
        }

        if (raw.Key == SettingKeys.ObjectStoreSecretAccessKey)
        {
            // Never echoed: a secret.
            return (s with { ObjectStoreSecretAccessKey = value }, null);
        }

        if (raw.Key == SettingKeys.ObjectStoreCaBundle)
        {
            return (s with { ObjectStoreCaBundle = Path.GetFullPath(value) }, null);
        }

        return (null, $"{raw.Source}: unknown setting");
    }

    internal static bool TryParsePreset(string value, out TlsPreset preset)
    {
        // Names only: Enum.TryParse would also accept numbers such as "2".
        foreach (var candidate in Enum.GetValues<TlsPreset>())
        {
            if (string.Equals(candidate.ToString(), value, StringComparison.OrdinalIgnoreCase))
            {
                preset = candidate;
                return true;
            }
        }

        preset = default;
        return false;
    }

    /// <summary>AWS region shape: lower-case words joined by dashes, ending in a number (us-east-1, eu-central-2).</summary>
    internal static bool IsRegion(string value)
    {
        if (value.Length is < 4 or > 32)
        {
            return false;
        }

        var parts = value.Split('-');
        return parts.Length >= 3
            && parts[..^1].All(p => p.Length > 0 && p.All(char.IsAsciiLetterLower))
            && parts[^1].Length > 0 && parts[^1].All(char.IsAsciiDigit);
    }

    /// <summary>Keeps an echoed value on one short line whatever the caller typed.</summary>
    private static string Printable(string value)
    {
        var clean = new string(value.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return clean.Length > 80 ? clean[..80] + "..." : clean;
    }
}
