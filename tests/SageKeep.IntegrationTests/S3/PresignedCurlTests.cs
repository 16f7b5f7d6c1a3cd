using System.Diagnostics;

namespace SageKeep.IntegrationTests.S3;

/// <summary>
/// A URL made by <c>aws s3 presign</c> (SigV4) used by curl, a client that knows nothing of AWS: the valid URL
/// downloads the object, an expired one is refused with "Request has expired", and one with the key changed
/// after signing is refused with SignatureDoesNotMatch, both in S3's XML error shape.
/// </summary>
public sealed class PresignedCurlTests(S3ServerFixture fixture) : IClassFixture<S3ServerFixture>
{
    [Fact]
    public async Task AwsCliPresignedUrl_WithCurl_IsServed_ExpiredAndTamperedAreRefused()
    {
        var bucket = S3ServerFixture.NewBucket("curl-presign");
        var file = Path.Combine(fixture.WorkDir, Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(file, "fetched by curl");
        (await fixture.Aws("s3", "mb", $"s3://{bucket}")).ExitCode.ShouldBe(0);
        (await fixture.Aws("s3", "cp", file, $"s3://{bucket}/c.txt")).ExitCode.ShouldBe(0);
        (await fixture.Aws("s3", "cp", file, $"s3://{bucket}/d.txt")).ExitCode.ShouldBe(0);

        var valid = (await fixture.AwsS3v4("s3", "presign", $"s3://{bucket}/c.txt", "--expires-in", "300")).StdOut.Trim();
        var shortLived = (await fixture.AwsS3v4("s3", "presign", $"s3://{bucket}/c.txt", "--expires-in", "1")).StdOut.Trim();
        var tampered = valid.Replace("/c.txt?", "/d.txt?", StringComparison.Ordinal);
        tampered.ShouldNotBe(valid);
        await Task.Delay(TimeSpan.FromSeconds(2));

        var allowed = await CurlAsync(valid);
        var expired = await CurlAsync(shortLived);
        var forged = await CurlAsync(tampered);

        allowed.Status.ShouldBe("200", allowed.Body);
        allowed.Body.ShouldBe("fetched by curl");
        expired.Status.ShouldBe("403");
        expired.Body.ShouldContain("<Code>AccessDenied</Code><Message>Request has expired</Message>");
        forged.Status.ShouldBe("403");
        forged.Body.ShouldContain("<Code>SignatureDoesNotMatch</Code>");
    }

    /// <summary>curl with the server's CA; the body and, on the last line, the HTTP status.</summary>
    private async Task<(string Status, string Body)> CurlAsync(string url)
    {
        var start = new ProcessStartInfo("curl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-s", "--cacert", fixture.Server.CaCertPath, "-w", "\n%{http_code}", url })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = await process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, stderr);
        var split = stdout.LastIndexOf('\n');
        return (stdout[(split + 1)..], stdout[..split]);
    }
}
