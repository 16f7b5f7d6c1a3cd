using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SageKeep.Server.Configuration;
using SageKeep.Server.Hosting;
using SageKeep.Server.Storage;

namespace SageKeep.Server;

/// <summary>
/// The whole server in one object, for <c>sagekeep serve</c> and for tests that host it in-process.
/// <see cref="CreateAsync"/> prepares the data directory (certificate, master key, migrated database)
/// and builds the host; <see cref="StartAsync"/> opens the HTTPS port.
/// </summary>
public sealed partial class SageKeepServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SqliteStateStore _store;

    private SageKeepServer(WebApplication app, SqliteStateStore store, ServerSettings settings, string certificatePath, bool certificateGenerated)
    {
        _app = app;
        _store = store;
        Settings = settings;
        CertificatePath = certificatePath;
        CertificateGenerated = certificateGenerated;
    }

    public ServerSettings Settings { get; }

    /// <summary>The certificate file being served; for the generated certificate, the clients' CA bundle.</summary>
    public string CertificatePath { get; }

    /// <summary>True when this start created the self-signed certificate.</summary>
    public bool CertificateGenerated { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// Validates <paramref name="settings"/>, prepares the data directory and builds the host.
    /// <paramref name="configureServices"/> runs after the feature areas registered their services and
    /// before the defaults, so what it registers (an <see cref="IApiEndpoint"/>, a
    /// <see cref="TimeProvider"/>) wins over both: tests use it to substitute a component.
    /// </summary>
    public static async Task<SageKeepServerResult> CreateAsync(ServerSettings settings, Action<IServiceCollection>? configureServices, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var error = SettingsValidator.Validate(settings);
        if (error is not null)
        {
            return SageKeepServerResult.Fail(error);
        }

        var builder = CreateBuilder(settings);
        AddComponents(builder.Services);
        configureServices?.Invoke(builder.Services);
        AddDefaults(builder.Services, settings);
        Health.MetricsEndpoint.AddMetrics(builder.Services, settings);

        var preparation = await PrepareAsync(settings, builder.Services, cancellationToken).ConfigureAwait(false);
        if (preparation.Error is not null)
        {
            return SageKeepServerResult.Fail(preparation.Error);
        }

        ConfigureKestrel(builder, settings, preparation);
        var app = builder.Build();
        ConfigurePipeline(app, settings);
        LogPreparation(app.Services, settings, preparation);
        return SageKeepServerResult.Ok(new SageKeepServer(app, preparation.Store!, settings, preparation.CertificatePath!, preparation.CertificateGenerated));
    }

    /// <summary>Opens the port. Returns null, or one line saying why it could not listen.</summary>
    public async Task<string?> StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            return $"cannot listen on {Settings.EndpointUrl}: {e.Message.ReplaceLineEndings(" ")}";
        }

        var logger = _app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("SageKeep.Server.Hosting");
        Hosting.Log.Listening(logger, Settings.EndpointUrl, Settings.TlsPreset.ToString().ToLowerInvariant());
        _app.Lifetime.ApplicationStopping.Register(() => Hosting.Log.ShuttingDown(logger));
        return null;
    }

    /// <summary>Completes when the host stops: SIGTERM, Ctrl+C, <see cref="StopAsync"/> or the token.</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => _app.StopAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync().ConfigureAwait(false);
        _store.Dispose();
    }

    private sealed record Preparation(
        string? Error,
        SqliteStateStore? Store = null,
        X509Certificate2? Certificate = null,
        string? CertificatePath = null,
        bool CertificateGenerated = false,
        X509Certificate2Collection? ClientAuthorities = null,
        IReadOnlyList<Migration>? AppliedMigrations = null);

    private static async Task<Preparation> PrepareAsync(ServerSettings settings, IServiceCollection services, CancellationToken cancellationToken)
    {
        try
        {
            PrivateFiles.EnsureDirectory(settings.DataDirectory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new Preparation($"data directory '{settings.DataDirectory}' cannot be created: {e.Message.ReplaceLineEndings(" ")}");
        }

        var legacyError = WriteLegacyOpenSslConfig(settings);
        if (legacyError is not null)
        {
            return new Preparation(legacyError);
        }

        var (masterKey, _, keyError) = MasterKeyFile.LoadOrCreate(settings.MasterKeyPath);
        if (masterKey is null)
        {
            return new Preparation(keyError);
        }

        services.TryAddSingleton(masterKey);

        var certificate = LoadOrCreateCertificate(settings);
        if (certificate.Error is not null)
        {
            return certificate;
        }

        X509Certificate2Collection? authorities = null;
        if (settings.ClientCaPath is not null)
        {
            (authorities, var caError) = PemCertificateLoader.LoadCertificates(settings.ClientCaPath, "TLS client CA");
            if (authorities is null)
            {
                return new Preparation(caError);
            }
        }

        var store = new SqliteStateStore(settings.DatabasePath);
        IReadOnlyList<Migration> applied;
        try
        {
            await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
            applied = await MigrationRunner.MigrateAsync(store, MigrationCatalog.Embedded, TimeProvider.System, cancellationToken).ConfigureAwait(false);
            var accountError = await ServerMetadata.EnsureAccountIdAsync(store, settings.AccountId, cancellationToken).ConfigureAwait(false)
                ?? await MasterKeyRotation.CheckAsync(store, masterKey, settings.MasterKeyPath, cancellationToken).ConfigureAwait(false);
            if (accountError is not null)
            {
                store.Dispose();
                return new Preparation(accountError);
            }
        }
        catch (SqliteException e)
        {
            store.Dispose();
            return new Preparation($"state database '{settings.DatabasePath}' cannot be opened: {e.Message.ReplaceLineEndings(" ")}");
        }

        services.TryAddSingleton<IStateStore>(store);
        return certificate with { Store = store, ClientAuthorities = authorities, AppliedMigrations = applied };
    }
}
