using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using SageKeep.IntegrationTests.Infrastructure;

namespace SageKeep.IntegrationTests.S3;

/// <summary>
/// Virtual-host style S3 end to end: a server started with <c>--s3-domain s3.localhost</c> and an operator
/// certificate for <c>s3.localhost</c> and <c>*.s3.localhost</c>; boto3 with <c>addressing_style=virtual</c> and the
/// endpoint <c>https://s3.localhost:port</c> sends every bucket request to <c>bucket.s3.localhost</c> (TLS verified
/// against that name). The host's resolver does not know subdomains of localhost, so the script maps names
/// under <c>.localhost</c> to 127.0.0.1 in its own getaddrinfo; everything after name resolution is the real stack.
/// </summary>
public sealed class VirtualHostS3Tests
{
    private const string Script = """
        import boto3, json, os, socket, sys
        from botocore.config import Config
        real = socket.getaddrinfo
        def local(host, *args, **kwargs):
            if isinstance(host, str) and host.endswith(".localhost"):
                host = "127.0.0.1"
            return real(host, *args, **kwargs)
        socket.getaddrinfo = local
        endpoint, bucket = sys.argv[1], sys.argv[2]
        s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", verify=os.environ["AWS_CA_BUNDLE"], config=Config(s3={"addressing_style": "virtual"}))
        hosts = []
        s3.meta.events.register("before-send.s3", lambda request, **kw: hosts.append(request.url.split("/")[2]))
        s3.create_bucket(Bucket=bucket)
        s3.put_object(Bucket=bucket, Key="dir/hello.txt", Body=b"hello virtual host")
        body = s3.get_object(Bucket=bucket, Key="dir/hello.txt")["Body"].read().decode()
        keys = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket, Prefix="dir/")["Contents"]]
        s3.delete_object(Bucket=bucket, Key="dir/hello.txt")
        s3.delete_bucket(Bucket=bucket)
        names = [b["Name"] for b in s3.list_buckets()["Buckets"]]
        print(json.dumps({"hosts": hosts, "body": body, "keys": keys, "stillListed": bucket in names}))
        """;

    [Fact]
    public async Task Boto3WithVirtualAddressing_ReachesBucketsThroughTheHostName()
    {
        var work = ServerProcess.CreateTempDirectory();
        try
        {
            var (certificate, key) = WriteCertificate(work);
            await using var server = await ServerProcess.StartAsync(
                ["--account-id", S3ServerFixture.AccountId, "--s3-domain", "s3.localhost", "--tls-cert", certificate, "--tls-key", key],
                new Dictionary<string, string>
                {
                    ["SAGEKEEP_ROOT_ACCESS_KEY_ID"] = S3ServerFixture.AccessKeyId,
                    ["SAGEKEEP_ROOT_SECRET_ACCESS_KEY"] = S3ServerFixture.SecretAccessKey,
                },
                trustedCertificatePath: certificate);
            var bucket = S3ServerFixture.NewBucket("vhost");

            var (code, stdout, stderr) = await Python.RunAsync(Script, certificate, [$"https://s3.localhost:{server.Port}", bucket]);

            code.ShouldBe(0, stderr);
            var root = JsonDocument.Parse(stdout).RootElement;
            var hosts = root.GetProperty("hosts").EnumerateArray().Select(h => h.GetString()!).ToList();
            hosts.Count.ShouldBe(7);
            hosts.Take(6).ShouldAllBe(h => h == $"{bucket}.s3.localhost:{server.Port}");
            hosts[^1].ShouldBe($"s3.localhost:{server.Port}");
            root.GetProperty("body").GetString().ShouldBe("hello virtual host");
            root.GetProperty("keys").EnumerateArray().Select(k => k.GetString()).ShouldBe(["dir/hello.txt"]);
            root.GetProperty("stillListed").GetBoolean().ShouldBeFalse();
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>A self-signed ECDSA certificate for s3.localhost, *.s3.localhost and 127.0.0.1, as PEM files.</summary>
    private static (string Certificate, string Key) WriteCertificate(string directory)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=s3.localhost", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("s3.localhost");
        san.AddDnsName("*.s3.localhost");
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var certificatePath = Path.Combine(directory, "vhost-cert.pem");
        var keyPath = Path.Combine(directory, "vhost-key.pem");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem() + "\n");
        File.WriteAllText(keyPath, PemEncoding.WriteString("PRIVATE KEY", key.ExportPkcs8PrivateKey()) + "\n");
        return (certificatePath, keyPath);
    }

    /// <summary>python3 with the root key and the given CA bundle, nothing from the machine's AWS configuration.</summary>
    private static class Python
    {
        public static async Task<(int ExitCode, string StdOut, string StdErr)> RunAsync(string script, string caBundle, IEnumerable<string> arguments)
        {
            var start = new System.Diagnostics.ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(script);
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["AWS_ACCESS_KEY_ID"] = S3ServerFixture.AccessKeyId;
            start.Environment["AWS_SECRET_ACCESS_KEY"] = S3ServerFixture.SecretAccessKey;
            start.Environment.Remove("AWS_SESSION_TOKEN");
            start.Environment.Remove("AWS_PROFILE");
            start.Environment["AWS_CONFIG_FILE"] = "/dev/null";
            start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
            start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
            start.Environment["AWS_MAX_ATTEMPTS"] = "1";
            start.Environment["AWS_CA_BUNDLE"] = caBundle;
            using var process = System.Diagnostics.Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            return (process.ExitCode, await stdout, await stderr);
        }
    }
}
