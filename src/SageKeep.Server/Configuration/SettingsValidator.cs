using SageKeep.Server.Hosting;

namespace SageKeep.Server.Configuration;

/// <summary>
/// Start-time checks that need the file system or cross several settings. Returns the first problem
/// as one sentence naming the setting, or null when the settings can be served.
/// </summary>
public static class SettingsValidator
{
    public static string? Validate(ServerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);

        if (settings.TlsPreset == TlsPreset.Legacy && !settings.AllowLegacyTls)
        {
            return $"tls preset 'legacy' enables TLS 1.0/1.1 and needs {SettingKeys.AllowLegacyTls.Flag} (or {SettingKeys.AllowLegacyTls.EnvironmentVariable}=true) to be accepted";
        }

        if ((settings.CertificatePath is null) != (settings.KeyPath is null))
        {
            return $"{SettingKeys.TlsCertificate.Flag} and {SettingKeys.TlsKey.Flag} must be given together";
        }

        if (settings.CertificatePath is not null && settings.KeyPath is not null)
        {
            var (certificate, error) = PemCertificateLoader.Load(settings.CertificatePath, settings.KeyPath);
            certificate?.Dispose();
            if (error is not null)
            {
                return error;
            }
        }

        if (settings.ClientCaPath is not null)
        {
            var (certificates, error) = PemCertificateLoader.LoadCertificates(settings.ClientCaPath, "TLS client CA");
            if (error is not null)
            {
                return error;
            }

            foreach (var certificate in certificates!)
            {
                certificate.Dispose();
            }
        }

        if (Registry.Scanning.ScanGatePolicy.Load(settings).Error is { } gate)
        {
            return $"{SettingKeys.ScanGateIgnoreFile.Flag}/{SettingKeys.ScanGateVex.Flag}: {gate}";
        }

        if (File.Exists(settings.DataDirectory))
        {
            return $"data directory '{settings.DataDirectory}' is a file, not a directory";
        }

        return null;
    }
}
