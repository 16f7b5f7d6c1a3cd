using System.Collections;
using System.Net;
using SageKeep.Server.Configuration;

namespace SageKeep.UnitTests.Server.Configuration;

public sealed class SettingsLoaderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sagekeep-settings-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Load_WithNothingGiven_UsesTheDocumentedDefaults()
    {
        var result = SettingsLoader.Load(null, new Hashtable(), []);

        var settings = result.Settings.ShouldNotBeNull();
        settings.ListenAddress.ShouldBe(IPAddress.Loopback);
        settings.Port.ShouldBe(8443);
        settings.DataDirectory.ShouldBe(Path.GetFullPath(".sagekeep"));
        settings.TlsPreset.ShouldBe(TlsPreset.Intermediate);
        settings.AllowLegacyTls.ShouldBeFalse();
        settings.AccountId.ShouldBe("000000000000");
        settings.Region.ShouldBe("us-east-1");
        settings.EndpointUrl.ShouldBe("https://127.0.0.1:8443");
    }

    [Fact]
    public void Load_EndpointHealthAndMetricsSettings_DefaultThenTakeTheGivenValues()
    {
        var defaults = SettingsLoader.Load(null, new Hashtable(), []).Settings.ShouldNotBeNull();
        defaults.InferenceHealthCheckIntervalSeconds.ShouldBe(10);
        defaults.InferenceHealthCheckFailures.ShouldBe(3);
        defaults.MetricsEndpoint.ShouldBeFalse();

        var file = Write("health.yaml", "inferenceHealthCheckIntervalSeconds: 2\nmetricsEndpoint: true\n");
        var settings = SettingsLoader.Load(file, new Hashtable { ["SAGEKEEP_INFERENCE_HEALTH_CHECK_FAILURES"] = "5" }, []).Settings.ShouldNotBeNull();
        settings.InferenceHealthCheckIntervalSeconds.ShouldBe(2);
        settings.InferenceHealthCheckFailures.ShouldBe(5);
        settings.MetricsEndpoint.ShouldBeTrue();
    }

    [Fact]
    public void Load_RegistryUploadIdleTimeout_DefaultsToOneHour_TakesFileEnvironmentAndFlag_AndRefusesOutOfBounds()
    {
        SettingsLoader.Load(null, new Hashtable(), []).Settings.ShouldNotBeNull().RegistryUploadIdleTimeout.ShouldBe(TimeSpan.FromHours(1));
        var file = Write("uploads.yaml", "registryUploadIdleTimeoutSeconds: 90\n");
        SettingsLoader.Load(file, new Hashtable(), []).Settings.ShouldNotBeNull().RegistryUploadIdleTimeout.ShouldBe(TimeSpan.FromSeconds(90));
        SettingsLoader.Load(file, new Hashtable { ["SAGEKEEP_REGISTRY_UPLOAD_IDLE_TIMEOUT_SECONDS"] = "120" }, []).Settings.ShouldNotBeNull()
            .RegistryUploadIdleTimeout.ShouldBe(TimeSpan.FromSeconds(120));
        SettingsLoader.Load(file, new Hashtable(), [new RawSetting(SettingKeys.RegistryUploadIdleTimeoutSeconds, "5", "--registry-upload-idle-timeout-seconds")]).Settings.ShouldNotBeNull()
            .RegistryUploadIdleTimeout.ShouldBe(TimeSpan.FromSeconds(5));
        foreach (var bad in new[] { "0", "86401", "-1", "1h" })
        {
            SettingsLoader.Load(null, new Hashtable(), [new RawSetting(SettingKeys.RegistryUploadIdleTimeoutSeconds, bad, "--registry-upload-idle-timeout-seconds")]).Error.ShouldNotBeNull().ShouldContain("between 1 and 86400");
        }
    }

    [Fact]
    public void Load_WithAllThreeSources_FlagBeatsEnvironmentBeatsFile()
    {
        var file = Write("settings.yaml", "port: 1001\nregion: eu-west-1\ntlsPreset: compat\naccountId: '111111111111'\n");
        var environment = new Hashtable { ["SAGEKEEP_PORT"] = "1002", ["SAGEKEEP_REGION"] = "eu-west-2" };
        RawSetting[] flags = [new(SettingKeys.Port, "1003", "--port")];

        var settings = SettingsLoader.Load(file, environment, flags).Settings.ShouldNotBeNull();

        settings.Port.ShouldBe(1003);
        settings.Region.ShouldBe("eu-west-2");
        settings.TlsPreset.ShouldBe(TlsPreset.Compat);
        settings.AccountId.ShouldBe("111111111111");
    }

    [Fact]
    public void Load_WithConfigPathFromEnvironment_ReadsThatFile()
    {
        var file = Write("settings.json", """{ "port": 9443, "allowLegacyTls": true, "tlsPreset": "legacy" }""");

        var settings = SettingsLoader.Load(null, new Hashtable { ["SAGEKEEP_CONFIG"] = file }, []).Settings.ShouldNotBeNull();

        settings.Port.ShouldBe(9443);
        settings.AllowLegacyTls.ShouldBeTrue();
        settings.TlsPreset.ShouldBe(TlsPreset.Legacy);
    }

    [Theory]
    [InlineData("SAGEKEEP_PORT", "0", "SAGEKEEP_PORT: '0' is not a port number (1-65535)")]
    [InlineData("SAGEKEEP_PORT", "65536", "SAGEKEEP_PORT: '65536' is not a port number (1-65535)")]
    [InlineData("SAGEKEEP_PORT", "+80", "SAGEKEEP_PORT: '+80' is not a port number (1-65535)")]
    [InlineData("SAGEKEEP_TLS_PRESET", "2", "SAGEKEEP_TLS_PRESET: '2' is not a TLS preset (modern, intermediate, compat, legacy)")]
    [InlineData("SAGEKEEP_ADDRESS", "local host", "SAGEKEEP_ADDRESS: 'local host' is not an IP address")]
    [InlineData("SAGEKEEP_ACCOUNT_ID", "12345678901a", "SAGEKEEP_ACCOUNT_ID: '12345678901a' is not a 12-digit account id")]
    [InlineData("SAGEKEEP_REGION", "US-EAST-1", "SAGEKEEP_REGION: 'US-EAST-1' is not a region name like us-east-1")]
    [InlineData("SAGEKEEP_ALLOW_LEGACY_TLS", "yes", "SAGEKEEP_ALLOW_LEGACY_TLS: 'yes' is not true or false")]
    [InlineData("SAGEKEEP_MAX_REQUEST_BODY_BYTES", "10", "SAGEKEEP_MAX_REQUEST_BODY_BYTES: '10' is not a byte count between 1024 and 68719476736")]
    [InlineData("SAGEKEEP_INFERENCE_HEALTH_CHECK_INTERVAL_SECONDS", "0", "SAGEKEEP_INFERENCE_HEALTH_CHECK_INTERVAL_SECONDS: '0' is not a number of seconds between 1 and 3600")]
    [InlineData("SAGEKEEP_INFERENCE_HEALTH_CHECK_FAILURES", "101", "SAGEKEEP_INFERENCE_HEALTH_CHECK_FAILURES: '101' is not a count between 1 and 100")]
    [InlineData("SAGEKEEP_METRICS_ENDPOINT", "on", "SAGEKEEP_METRICS_ENDPOINT: 'on' is not true or false")]
    public void Load_WithMalformedEnvironmentValue_FailsNamingTheVariableAndValue(string variable, string value, string expected)
    {
        var result = SettingsLoader.Load(null, new Hashtable { [variable] = value }, []);

        result.IsValid.ShouldBeFalse();
        result.Error.ShouldBe(expected);
    }

    [Fact]
    public void Load_WithLineBreaksInAValue_EchoesItOnOneLine()
    {
        var result = SettingsLoader.Load(null, new Hashtable(), [new RawSetting(SettingKeys.Port, "1\nINFO forged", "--port")]);

        result.Error.ShouldNotBeNull().ShouldNotContain("\n");
    }

    [Theory]
    [InlineData("prot: 8443\n", "unknown key 'prot'")]
    [InlineData("port: [1, 2]\n", "key 'port' must have a single value")]
    [InlineData("- port\n", "must be one mapping of settings")]
    [InlineData("port: 1\nport: 2\n", "Duplicate key port")]
    [InlineData("port: 'unclosed\n", "is not valid YAML")]
    public void Load_WithBadYamlFile_FailsWithTheReason(string yaml, string expected)
    {
        var result = SettingsLoader.Load(Write("bad.yaml", yaml), new Hashtable(), []);

        result.IsValid.ShouldBeFalse();
        result.Error.ShouldNotBeNull().ShouldContain(expected);
    }

    [Theory]
    [InlineData("[1]", "must be a JSON object")]
    [InlineData("""{ "port": { "value": 1 } }""", "key 'port' must have a single value")]
    [InlineData("""{ "port": 1, "port": 2 }""", "given twice")]
    [InlineData("{ port: 1 }", "is not valid JSON")]
    public void Load_WithBadJsonFile_FailsWithTheReason(string json, string expected)
    {
        var result = SettingsLoader.Load(Write("bad.json", json), new Hashtable(), []);

        result.Error.ShouldNotBeNull().ShouldContain(expected);
    }

    [Fact]
    public void Load_WithOversizedConfigFile_IsRefusedBeforeParsing()
    {
        var file = Write("huge.yaml", "# " + new string('x', 70 * 1024) + "\n");

        SettingsLoader.Load(file, new Hashtable(), []).Error.ShouldNotBeNull().ShouldContain("larger than");
    }

    [Theory]
    [InlineData("us-east-1", true)]
    [InlineData("eu-central-2", true)]
    [InlineData("us-gov-west-1", true)]
    [InlineData("useast1", false)]
    [InlineData("us-east-", false)]
    [InlineData("us--1", false)]
    [InlineData("us-east-1a", false)]
    public void IsRegion_AcceptsOnlyAwsRegionShapes(string value, bool expected) =>
        SettingsLoader.IsRegion(value).ShouldBe(expected);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }
}
