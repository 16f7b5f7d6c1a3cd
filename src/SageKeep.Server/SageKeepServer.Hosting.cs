using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SageKeep.Server.Configuration;
using SageKeep.Server.Hosting;

namespace SageKeep.Server;

/// <summary>Host construction: the builder, Kestrel limits and TLS, and the certificate on disk.</summary>
public sealed partial class SageKeepServer
{
    private const string HostingCategory = "SageKeep.Server.Hosting";

    private static WebApplicationBuilder CreateBuilder(ServerSettings settings)
    {
        // The empty builder reads no appsettings.json and no ASPNETCORE_* variables: the only
        // configuration is ServerSettings, so nothing outside it can open a port or change TLS.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = "SageKeep",
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseKestrelCore();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        });
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        return builder;
    }

    /// <summary>
    /// Feature areas register their services here, one line each (the API: protocol layer's
    /// <see cref="IApiEndpoint"/>, SigV4, operations). Runs first: the caller's configureServices can still replace
    /// them, and <see cref="AddDefaults"/> (TryAdd) fills only what is left unregistered.
    /// </summary>
    private static void AddComponents(IServiceCollection services)
    {
        AddApi(services);
    }

    private static void AddDefaults(IServiceCollection services, ServerSettings settings)
    {
        services.TryAddSingleton(settings);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(new Core.AwsAccount(settings.AccountId, settings.Region));
    }

    private static Preparation LoadOrCreateCertificate(ServerSettings settings)
    {
        if (settings.CertificatePath is not null && settings.KeyPath is not null)
        {
            var (operatorCertificate, error) = PemCertificateLoader.Load(settings.CertificatePath, settings.KeyPath);
            return operatorCertificate is null
                ? new Preparation(error)
                : new Preparation(null, Certificate: operatorCertificate, CertificatePath: settings.CertificatePath);
        }

        var certificatePath = settings.GeneratedCertificatePath;
        var keyPath = settings.GeneratedKeyPath;
        var generated = false;
        try
        {
            Storage.PrivateFiles.EnsureDirectory(settings.TlsDirectory);
            if (!File.Exists(certificatePath) && !File.Exists(keyPath))
            {
                using var fresh = SelfSignedCertificate.Create(TimeProvider.System);
                SelfSignedCertificate.WritePem(fresh, certificatePath, keyPath);
                generated = true;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new Preparation($"TLS certificate '{certificatePath}' cannot be created: {e.Message.ReplaceLineEndings(" ")}");
        }

        var (certificate, loadError) = PemCertificateLoader.Load(certificatePath, keyPath);
        return certificate is null
            ? new Preparation(loadError)
            : new Preparation(null, Certificate: certificate, CertificatePath: certificatePath, CertificateGenerated: generated);
    }

    /// <summary>For the legacy preset, writes the OpenSSL configuration the operator must point OPENSSL_CONF at.</summary>
    private static string? WriteLegacyOpenSslConfig(ServerSettings settings)
    {
        if (settings.TlsPreset != TlsPreset.Legacy)
        {
            return null;
        }

        try
        {
            Storage.PrivateFiles.EnsureDirectory(settings.TlsDirectory);
            File.WriteAllText(Path.Combine(settings.TlsDirectory, LegacyOpenSslConfig.FileName), LegacyOpenSslConfig.Content);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot write '{LegacyOpenSslConfig.FileName}' into '{settings.TlsDirectory}': {e.Message.ReplaceLineEndings(" ")}";
        }
    }

    private static void ConfigureKestrel(WebApplicationBuilder builder, ServerSettings settings, Preparation preparation)
    {
        var policy = TlsPresetPolicy.For(settings.TlsPreset);
        var cipherSuites = OperatingSystem.IsWindows() ? null : policy.CreateCipherSuitesPolicy();
        var validator = preparation.ClientAuthorities is null ? null : new ClientCertificateValidator(preparation.ClientAuthorities);

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var logger = kestrel.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(HostingCategory);
            var certificates = settings.UsesOperatorCertificate
                ? ServerCertificateProvider.Watching(preparation.Certificate!, settings.CertificatePath!, settings.KeyPath!, logger)
                : ServerCertificateProvider.Fixed(preparation.Certificate!, logger);

            kestrel.AddServerHeader = false;

            // Limits: the body limit is the operator's; header limits are Kestrel's defaults made
            // explicit, except the request line, raised for presigned URLs carrying session tokens.
            kestrel.Limits.MaxRequestBodySize = settings.MaxRequestBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            kestrel.Limits.MaxRequestHeaderCount = 100;
            kestrel.Limits.MaxRequestLineSize = 16 * 1024;
            kestrel.Limits.Http2.MaxRequestHeaderFieldSize = 16 * 1024;
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(30);

            // SigV4 signs header values as UTF-8 bytes: decode them the same way, or a signed non-ASCII
            // value (x-amz-meta-*) could never verify.
            kestrel.RequestHeaderEncodingSelector = _ => System.Text.Encoding.UTF8;

            kestrel.Listen(settings.ListenAddress, settings.Port, listen =>
            {
                // HTTP/2 is negotiated by ALPN (RFC 7540 section 3.3); there is no plain-HTTP listener.
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(HttpsOptions());
            });

            // Interface VPC endpoints hand their connections to this internal socket behind a PROXY v2 header
            // (only the server itself connects to it: it lives in the owner-only data directory).
            if (OperatingSystem.IsLinux() && Environment.IsPrivilegedProcess)
            {
                kestrel.ListenUnixSocket(SageKeep.Server.Services.Ec2.Network.EndpointListeners.PrepareSocket(settings), internalListen =>
                {
                    internalListen.Protocols = HttpProtocols.Http1AndHttp2;
                    internalListen.Use(ProxyProtocolV2.Read);
                    internalListen.UseHttps(HttpsOptions());
                });
            }

            HttpsConnectionAdapterOptions HttpsOptions()
            {
                var https = new HttpsConnectionAdapterOptions
                {
                    SslProtocols = policy.Protocols,
                    CheckCertificateRevocation = false,
                    HandshakeTimeout = TimeSpan.FromSeconds(10),
                    ClientCertificateMode = validator is null ? ClientCertificateMode.NoCertificate : ClientCertificateMode.RequireCertificate,
                };
                // A fixed certificate is handed over once, so Kestrel builds its certificate context a
                // single time; only operator files, which may change, are selected per handshake.
                if (settings.UsesOperatorCertificate)
                {
                    https.ServerCertificateSelector = (_, _) => certificates.Current;
                }
                else
                {
                    https.ServerCertificate = certificates.Current;
                }

                if (validator is not null)
                {
                    https.ClientCertificateValidation = validator.Validate;
                }

                if (cipherSuites is not null && !OperatingSystem.IsWindows())
                {
                    https.OnAuthenticate = (_, ssl) => ssl.CipherSuitesPolicy = cipherSuites;
                }

                return https;
            }
        });
    }

    private static void LogPreparation(IServiceProvider services, ServerSettings settings, Preparation preparation)
    {
        var loggers = services.GetRequiredService<ILoggerFactory>();
        var hosting = loggers.CreateLogger(HostingCategory);
        if (Storage.PrivateFiles.IsSharedWithOthers(settings.DataDirectory))
        {
            Log.DataDirectoryShared(hosting, settings.DataDirectory);
        }

        if (preparation.CertificateGenerated)
        {
            Log.CertificateGenerated(hosting, preparation.CertificatePath!);
        }
        else if (settings.UsesOperatorCertificate)
        {
            Log.OperatorCertificate(hosting, preparation.CertificatePath!);
        }

        if (settings.TlsPreset == TlsPreset.Legacy)
        {
            Log.LegacyTlsEnabled(hosting);
            if (!LegacyOpenSslConfig.IsOpenSslConfigured)
            {
                Log.LegacyTlsNeedsOpenSslConfig(hosting, Path.Combine(settings.TlsDirectory, LegacyOpenSslConfig.FileName));
            }
        }

        if (settings.ClientCaPath is not null)
        {
            Log.MutualTlsEnabled(hosting, settings.ClientCaPath);
        }

        var storage = loggers.CreateLogger("SageKeep.Server.Storage");
        foreach (var migration in preparation.AppliedMigrations ?? [])
        {
            Storage.Log.MigrationApplied(storage, migration.Version, migration.Name);
        }
    }
}
