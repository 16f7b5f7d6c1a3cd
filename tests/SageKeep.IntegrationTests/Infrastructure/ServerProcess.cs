using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace SageKeep.IntegrationTests.Infrastructure;

/// <summary>
/// The built <c>sagekeep serve</c> as a real child process: a free loopback port, a fresh temporary
/// data directory, started and waited for until the health check answers. Dispose kills the process
/// (if still running) and deletes the directory.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly bool _ownsDataDir;

    private ServerProcess(Process process, int port, string dataDir, bool ownsDataDir)
    {
        _process = process;
        Port = port;
        DataDir = dataDir;
        _ownsDataDir = ownsDataDir;
    }

    public int Port { get; }

    public string BaseUrl => $"https://127.0.0.1:{Port}";

    public string DataDir { get; }

    /// <summary>The generated certificate, which clients pass as their CA bundle.</summary>
    public string CaCertPath => Path.Combine(DataDir, "tls", "cert.pem");

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the process wrote so far (stdout and stderr interleaved).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Path of the built CLI next to the test assembly (the test project references it).</summary>
    public static string CliDll => Path.Combine(AppContext.BaseDirectory, "sagekeep.dll");

    /// <summary>The dotnet host that runs the tests, used to run the CLI too.</summary>
    public static string DotnetHost => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    /// <summary>Starts the server and waits until <c>/_sagekeep/health</c> answers 200.</summary>
    /// <param name="arguments">Extra arguments after <c>serve --port N --data-dir D</c>.</param>
    /// <param name="environment">Extra environment variables for the child.</param>
    /// <param name="dataDir">An existing directory to reuse (not deleted on dispose); null for a fresh one.</param>
    /// <param name="trustedCertificatePath">The PEM the health probe trusts; defaults to the generated certificate.</param>
    /// <param name="probeClientCertificate">Client certificate for the health probe when the server requires mTLS.</param>
    public static async Task<ServerProcess> StartAsync(
        IEnumerable<string>? arguments = null,
        IReadOnlyDictionary<string, string>? environment = null,
        string? dataDir = null,
        string? trustedCertificatePath = null,
        X509Certificate2? probeClientCertificate = null)
    {
        var ownsDataDir = dataDir is null;
        dataDir ??= CreateTempDirectory();
        var port = FreePort();
        var start = StartInfo(["serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data-dir", dataDir, .. arguments ?? []], environment);
        var process = new Process { StartInfo = start };
        var server = new ServerProcess(process, port, dataDir, ownsDataDir);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await server.WaitForHealthAsync(trustedCertificatePath ?? server.CaCertPath, probeClientCertificate);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs the CLI to completion (for commands that must fail fast); returns exit code and output.</summary>
    public static async Task<(int ExitCode, string StdOut, string StdErr)> RunCliAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        using var process = new Process { StartInfo = StartInfo(arguments, environment) };
        process.Start();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(StartTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"sagekeep {string.Join(' ', arguments)} did not exit");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    public static ProcessStartInfo StartInfo(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(CliDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The child sees only the settings the test gives it.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("SAGEKEEP_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return start;
    }

    public static string CreateTempDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "sagekeep-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>A loopback port nobody listens on right now (bound once with port 0, then released).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>An HttpClient that trusts exactly the given PEM certificate (default: the generated one).</summary>
    public HttpClient CreateClient(string? trustedCertificatePath = null, X509Certificate2? clientCertificate = null) =>
        CreateClient(trustedCertificatePath ?? CaCertPath, BaseUrl, clientCertificate);

    public static HttpClient CreateClient(string trustedCertificatePath, string baseUrl, X509Certificate2? clientCertificate = null)
    {
        var trusted = X509CertificateLoader.LoadCertificateFromFile(trustedCertificatePath);
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            certificate is not null && certificate.GetCertHash().AsSpan().SequenceEqual(trusted.GetCertHash());
        if (clientCertificate is not null)
        {
            handler.SslOptions.ClientCertificates = new X509CertificateCollection { clientCertificate };
        }

        return new HttpClient(handler) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(20) };
    }

    /// <summary>Sends SIGTERM and waits for the exit code.</summary>
    public async Task<int> TerminateAsync()
    {
        // The shell's built-in kill: present on every system that has /bin/sh, unlike procps.
        using (var kill = Process.Start("/bin/sh", ["-c", "kill -TERM " + _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await WaitForProcessExitAsync(TimeSpan.FromSeconds(30));
        return _process.ExitCode;
    }

    /// <summary>
    /// SIGKILL: nothing in the server runs after this (its containers stay). Waits, bounded, until the process is
    /// gone; the wait is on the process itself, not on the end of its output, which a surviving child could hold open.
    /// </summary>
    public async Task KillAsync()
    {
        if (_process.HasExited)
        {
            // Its process id may already belong to another process.
            return;
        }

        using (var kill = Process.Start("/bin/sh", ["-c", "kill -KILL " + _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await WaitForProcessExitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await WaitForProcessExitAsync(TimeSpan.FromSeconds(30));
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }

        _process.Dispose();
        RemoveEmptyCgroupParents();
        if (_ownsDataDir && Directory.Exists(DataDir))
        {
            Directory.Delete(DataDir, recursive: true);
        }
    }

    /// <summary>
    /// A server stopped with SIGKILL cannot remove the cgroup parents of its training and serving containers
    /// (<c>/sagekeep-&lt;tag&gt;</c>, <c>/sagekeep-serve-&lt;tag&gt;</c>, the tag from its data directory). Removes them by
    /// that name when they are empty (rmdir refuses otherwise, so containers still running keep theirs).
    /// </summary>
    private void RemoveEmptyCgroupParents()
    {
        if (!OperatingSystem.IsLinux() || !Directory.Exists("/sys/fs/cgroup"))
        {
            return;
        }

        var tags = new[] { DataDir, Path.GetFullPath(DataDir) }
            .Select(d => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(d)))[..6])
            .Distinct(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            foreach (var name in new[] { "sagekeep-" + tag, "sagekeep-serve-" + tag })
            {
                var candidates = new List<string> { Path.Combine("/sys/fs/cgroup", name) };
                candidates.AddRange(Directory.EnumerateDirectories("/sys/fs/cgroup").Select(controller => Path.Combine(controller, name)));
                foreach (var directory in candidates.Where(Directory.Exists))
                {
                    try
                    {
                        Directory.Delete(directory);
                    }
                    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                    {
                        // Not empty: a container of a killed server still runs; its test removes it.
                    }
                }
            }
        }
    }

    /// <summary>
    /// Polls <see cref="Process.HasExited"/> until the deadline. <see cref="Process.WaitForExitAsync"/> also waits for
    /// end of file on the redirected output, which never comes while a process the server started still holds it.
    /// </summary>
    private async Task WaitForProcessExitAsync(TimeSpan bound)
    {
        var deadline = DateTime.UtcNow + bound;
        while (!_process.HasExited)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"sagekeep serve (pid {_process.Id}) did not exit within {bound}");
            }

            await Task.Delay(50);
        }

        // The output read so far is complete once the pipes end; give them a moment, never forever.
        using var drain = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _process.WaitForExitAsync(drain.Token);
        }
        catch (OperationCanceledException)
        {
            // A child of the server still holds its output open.
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private async Task WaitForHealthAsync(string trustedCertificatePath, X509Certificate2? clientCertificate)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"sagekeep serve exited with {_process.ExitCode}: {Output}");
            }

            if (File.Exists(trustedCertificatePath))
            {
                try
                {
                    using var client = CreateClient(trustedCertificatePath, clientCertificate);
                    using var response = await client.GetAsync(new Uri("/_sagekeep/health", UriKind.Relative));
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"sagekeep serve did not become healthy: {Output}");
    }
}
