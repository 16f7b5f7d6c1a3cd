using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace SageKeep.IntegrationTests.Registry;

/// <summary>
/// Hostile requests: bogus and huge lengths, chunks past the blob bound, path traversal and invalid names.
/// Each gets a clear 4xx (never a 500) and nothing is written outside the data directory. Requests whose
/// bytes HttpClient would normalise are written by hand over TLS.
/// </summary>
public sealed partial class DistributionApiTests
{
    /// <summary>RegistryLimits.MaxBlobBytes (10 GiB).</summary>
    private const long MaxBlobBytes = 10L * 1024 * 1024 * 1024;

    [Fact]
    public async Task BogusOrHugeContentLength_IsRefusedWithA4xx_AndTheUploadIsUnchanged()
    {
        var (client, repository) = await NewRepositoryAsync();
        using var _ = client;
        using var start = await client.PostAsync($"/v2/{repository}/blobs/uploads/", null);
        var location = start.Headers.Location!.ToString();
        var auth = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("AWS:" + await PasswordAsync()));

        // Not a number: the HTTP layer refuses it.
        var bogus = await RawAsync($"PATCH {location} HTTP/1.1\r\nHost: {fixture.Host}\r\nAuthorization: {auth}\r\nContent-Length: lots\r\nConnection: close\r\n\r\nabc");
        bogus.Status.ShouldBeInRange(400, 499, bogus.Text);

        // Above the blob bound: 413 SIZE_INVALID in the registry's shape, before any byte is kept.
        var huge = await RawAsync($"PATCH {location} HTTP/1.1\r\nHost: {fixture.Host}\r\nAuthorization: {auth}\r\nContent-Length: {MaxBlobBytes + 1}\r\nConnection: close\r\n\r\nabc");
        huge.Status.ShouldBe(413, huge.Text);
        huge.Text.ShouldContain("\"code\":\"SIZE_INVALID\"");

        // A Content-Length that promises more than is sent, then the connection ends: the partial chunk is dropped.
        var shortBody = await RawAsync($"PATCH {location} HTTP/1.1\r\nHost: {fixture.Host}\r\nAuthorization: {auth}\r\nContent-Length: 1000\r\nConnection: close\r\n\r\nabc", halfClose: true);
        shortBody.Status.ShouldNotBe(500, shortBody.Text);

        using var status = await client.GetAsync(location);
        status.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        Header(status, "Range").ShouldBe("0-0");
        new FileInfo(Path.Combine(RegistryDirectory, "uploads", Header(start, "Docker-Upload-UUID")!, "data")).Length.ShouldBe(0);
    }

    [Fact]
    public async Task ChunkPastTheBlobBound_IsSizeInvalid_AndTheUploadIsUnchanged()
    {
        var (client, repository) = await NewRepositoryAsync();
        using var _ = client;
        using var start = await client.PostAsync($"/v2/{repository}/blobs/uploads/", null);
        var location = start.Headers.Location!.ToString();

        using var chunk = Octets(RandomBytes(10));
        chunk.Headers.TryAddWithoutValidation("Content-Range", $"0-{MaxBlobBytes}");
        using var patch = await client.PatchAsync(location, chunk);

        await ExpectErrorAsync(patch, HttpStatusCode.RequestEntityTooLarge, "SIZE_INVALID");

        // A Content-Range whose length disagrees with the body is refused too.
        using var lying = Octets(RandomBytes(10));
        lying.Headers.TryAddWithoutValidation("Content-Range", "0-99");
        using var mismatch = await client.PatchAsync(location, lying);
        await ExpectErrorAsync(mismatch, HttpStatusCode.BadRequest, "SIZE_INVALID");

        using var status = await client.GetAsync(location);
        Header(status, "Range").ShouldBe("0-0");
    }

    [Fact]
    public async Task PathTraversalAndInvalidNames_AreClear4xx_AndWriteNothingOutsideTheDataDirectory()
    {
        var (client, repository) = await NewRepositoryAsync();
        using var _ = client;
        var auth = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("AWS:" + await PasswordAsync()));
        var parent = Path.GetDirectoryName(fixture.Server.DataDir)!;
        var before = Directory.GetFileSystemEntries(parent).Order(StringComparer.Ordinal).ToList();
        var content = RandomBytes(64);
        var digest = Sha256(content);

        string[] targets =
        [
            "/v2/../x",
            "/v2/../../etc/passwd",
            $"/v2/{repository}/../../blobs/uploads/?digest={digest}",
            $"/v2/%2e%2e/%2e%2e/escape/blobs/uploads/?digest={digest}",
            $"/v2/{repository}/%2e%2e%2fescape/blobs/uploads/?digest={digest}",
            $"/v2/{repository}%2f..%2f..%2fescape/blobs/uploads/?digest={digest}",
            $"/v2/{repository}/blobs/uploads/..%2f..%2f..%2fescape",
            $"/v2/{repository}/blobs/sha256:..%2f..%2f..%2fmaster.key",
            $"/v2/{repository}/manifests/..%2f..%2fstate",
        ];
        foreach (var target in targets)
        {
            foreach (var method in new[] { "POST", "GET", "PUT" })
            {
                var response = await RawAsync($"{method} {target} HTTP/1.1\r\nHost: {fixture.Host}\r\nAuthorization: {auth}\r\nContent-Length: {content.Length}\r\nConnection: close\r\n\r\n", content);
                response.Status.ShouldBeInRange(400, 499, $"{method} {target}: {response.Text}");
            }
        }

        // Names outside the grammar: NAME_INVALID in the registry's shape.
        foreach (var name in new[] { "UPPER/case", "a", "-lead", "trail-", "a//b", "a%20b", new string('a', 300) })
        {
            using var tags = await client.GetAsync($"/v2/{name}/tags/list");
            await ExpectErrorAsync(tags, HttpStatusCode.BadRequest, "NAME_INVALID");
            using var post = await client.PostAsync($"/v2/{name}/blobs/uploads/?digest={digest}", Octets(content));
            await ExpectErrorAsync(post, HttpStatusCode.BadRequest, "NAME_INVALID");
        }

        // An endpoint the API does not have: a registry error, not a fall-through.
        using var unknown = await client.GetAsync($"/v2/{repository}/nothing-here");
        ((int)unknown.StatusCode).ShouldBeInRange(400, 499);
        (await unknown.Content.ReadAsStringAsync()).ShouldContain("\"errors\"");

        Directory.GetFileSystemEntries(parent).Order(StringComparer.Ordinal).ToList().ShouldBe(before);
        File.Exists(BlobPath(digest)).ShouldBeFalse();
        Directory.GetFiles(fixture.Server.DataDir, "escape*", SearchOption.AllDirectories).ShouldBeEmpty();
        fixture.Server.Output.ShouldNotContain("answered 500");
        fixture.Server.Output.ShouldNotContain("The registry failed unexpectedly");
    }

    /// <summary>
    /// One HTTP/1.1 request written byte for byte over TLS (the server's own certificate trusted), its answer read
    /// up to its Content-Length. <paramref name="halfClose"/> ends the sending side after the request.
    /// </summary>
    private async Task<(int Status, string Text)> RawAsync(string head, byte[]? body = null, bool halfClose = false)
    {
        var trusted = X509CertificateLoader.LoadCertificateFromFile(fixture.Server.CaCertPath);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, fixture.Server.Port);
        await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, certificate, _, _) =>
            certificate is not null && certificate.GetCertHash().AsSpan().SequenceEqual(trusted.GetCertHash()));
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost", ApplicationProtocols = [SslApplicationProtocol.Http11] });
        await tls.WriteAsync(Encoding.ASCII.GetBytes(head));
        if (body is not null)
        {
            await tls.WriteAsync(body);
        }

        await tls.FlushAsync();
        if (halfClose)
        {
            await tls.ShutdownAsync();
            tcp.Client.Shutdown(SocketShutdown.Send);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var received = new MemoryStream();
        var buffer = new byte[16384];
        try
        {
            int read;
            while ((read = await tls.ReadAsync(buffer, timeout.Token)) > 0)
            {
                received.Write(buffer, 0, read);
                var text = Encoding.UTF8.GetString(received.ToArray());
                var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                if (end > 0)
                {
                    var length = text[..end].Split("\r\n").Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                        .Select(p => (int?)int.Parse(p[1].Trim())).FirstOrDefault();
                    if (length is { } expected && received.Length >= Encoding.UTF8.GetByteCount(text[..(end + 4)]) + expected)
                    {
                        break;
                    }
                }
            }
        }
        catch (IOException)
        {
            // The server may close right after its answer.
        }

        var answer = Encoding.UTF8.GetString(received.ToArray());
        if (halfClose && answer.Length == 0)
        {
            // The server may drop a connection whose body ended early without answering it.
            return (0, answer);
        }

        answer.ShouldStartWith("HTTP/1.1 ", customMessage: $"no HTTP answer to: {head.Split("\r\n")[0]}");
        return (int.Parse(answer.AsSpan(9, 3)), answer);
    }
}
