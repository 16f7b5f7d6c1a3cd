using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace SageKeep.IntegrationTests.Tls;

/// <summary>Drives the real <c>openssl s_client</c> against a loopback port and reports what was negotiated.</summary>
internal static partial class OpenSslClient
{
    internal sealed record Handshake(bool Established, string? Protocol, string? Cipher, string? Alpn, string? PeerSubject, string Output);

    public static Task<Handshake> ConnectAsync(int port, params string[] arguments) => RunAsync(port, null, arguments);

    /// <summary>Connects, sends <paramref name="input"/> and reads until the server closes the connection.</summary>
    public static Task<Handshake> ExchangeAsync(int port, string input, params string[] arguments) => RunAsync(port, input, arguments);

    private static async Task<Handshake> RunAsync(int port, string? input, string[] arguments)
    {
        var start = new ProcessStartInfo("openssl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["s_client", "-connect", $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", "-servername", "localhost", .. input is null ? Array.Empty<string>() : ["-ign_eof"], .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        var output = await stdout + await stderr;

        var cipher = CipherLine().Match(output);
        // With input, s_client reads until the server closes, which Kestrel does without close_notify,
        // so the exit code is 1 even after a full exchange; the negotiated cipher line tells success.
        var established = (input is not null || process.ExitCode == 0) && cipher.Success && cipher.Groups[2].Value != "(NONE)";
        return new Handshake(
            established,
            cipher.Success ? cipher.Groups[1].Value.TrimEnd(',') : null,
            cipher.Success ? cipher.Groups[2].Value : null,
            AlpnLine().Match(output) is { Success: true } alpn ? alpn.Groups[1].Value : null,
            SubjectLine().Match(output) is { Success: true } subject ? subject.Groups[1].Value.Trim() : null,
            output);
    }

    /// <summary>An HTTP/1.1 health request that asks the server to close the connection after answering.</summary>
    public const string HealthRequest = "GET /_sagekeep/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";

    // "New, TLSv1.3, Cipher is TLS_AES_128_GCM_SHA256" or "New, (NONE), Cipher is (NONE)".
    [GeneratedRegex(@"New, (\S+) Cipher is (\S+)")]
    private static partial Regex CipherLine();

    [GeneratedRegex(@"ALPN protocol: (\S+)")]
    private static partial Regex AlpnLine();

    [GeneratedRegex(@"^subject=(.*)$", RegexOptions.Multiline)]
    private static partial Regex SubjectLine();
}
