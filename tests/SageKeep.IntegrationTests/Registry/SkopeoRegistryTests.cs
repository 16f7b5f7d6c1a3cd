using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;

namespace SageKeep.IntegrationTests.Registry;

/// <summary>
/// skopeo as a real registry client against the built server over TLS, authenticated as ECR does it:
/// <c>--creds AWS:$(aws ecr get-login-password)</c>. Images go in, come back out byte-identical (same
/// manifest digest, every blob matching its digest).
/// </summary>
public sealed class SkopeoRegistryTests(RegistryServerFixture fixture) : IClassFixture<RegistryServerFixture>
{
    private static string TestData(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "TestData", .. parts]);

    [Fact]
    public async Task DockerArchive_PushedWithEcrToken_InspectsAndPullsBackWithTheSameDigests()
    {
        var repo = RegistryServerFixture.Unique("skopeo/alpine");
        await fixture.CreateRepositoryAsync(repo);
        var password = await fixture.LoginPasswordAsync();
        var archive = Path.Combine(fixture.WorkDir, RegistryServerFixture.Unique("alpine") + ".tar");
        await using (var gz = new GZipStream(File.OpenRead(TestData("Scanning", "Images", "alpine-311.docker-archive.tar.gz")), CompressionMode.Decompress))
        await using (var output = File.Create(archive))
        {
            await gz.CopyToAsync(output);
        }

        var target = $"docker://{fixture.Host}/{repo}:3.11";
        var push = await Skopeo.RunAsync("--policy", fixture.PolicyPath, "copy", "--dest-creds", "AWS:" + password, "--dest-cert-dir", fixture.CertDir, $"docker-archive:{archive}", target);
        push.ExitCode.ShouldBe(0, push.StdErr);

        var inspect = await Skopeo.RunAsync("inspect", "--creds", "AWS:" + password, "--cert-dir", fixture.CertDir, target);
        inspect.ExitCode.ShouldBe(0, inspect.StdErr);
        var digest = RegistryServerFixture.Json(inspect.StdOut).GetProperty("Digest").GetString()!;
        RegistryServerFixture.Json(inspect.StdOut).GetProperty("RepoTags").EnumerateArray().Select(t => t.GetString()).ShouldContain("3.11");

        var pulled = Path.Combine(fixture.WorkDir, RegistryServerFixture.Unique("pulled"));
        var pull = await Skopeo.RunAsync("--policy", fixture.PolicyPath, "copy", "--src-creds", "AWS:" + password, "--src-cert-dir", fixture.CertDir, target, $"dir:{pulled}");
        pull.ExitCode.ShouldBe(0, pull.StdErr);
        Sha256(Path.Combine(pulled, "manifest.json")).ShouldBe(digest);
        AssertBlobsMatchTheirNames(pulled);

        // The aws CLI sees the same image.
        var (code, stdout, stderr) = await fixture.Aws("ecr", "describe-images", "--repository-name", repo);
        code.ShouldBe(0, stderr);
        var detail = RegistryServerFixture.Json(stdout).GetProperty("imageDetails")[0];
        detail.GetProperty("imageDigest").GetString().ShouldBe(digest);
        detail.GetProperty("imageManifestMediaType").GetString().ShouldBe("application/vnd.docker.distribution.manifest.v2+json");
    }

    [Fact]
    public async Task OciArchive_PushedAndPulledAsOciLayout_KeepsItsManifestDigest()
    {
        var repo = RegistryServerFixture.Unique("skopeo/oci");
        await fixture.CreateRepositoryAsync(repo);
        var password = await fixture.LoginPasswordAsync();

        // An OCI archive is an OCI layout in a tar (OCI image spec, "image-layout.md").
        var archive = Path.Combine(fixture.WorkDir, RegistryServerFixture.Unique("image") + ".oci.tar");
        await TarFile.CreateFromDirectoryAsync(TestData("Scanning", "Images", "trivy-oci", "test.oci"), archive, includeBaseDirectory: false);
        var source = RegistryServerFixture.Json(await File.ReadAllTextAsync(TestData("Scanning", "Images", "trivy-oci", "test.oci", "index.json")))
            .GetProperty("manifests")[0].GetProperty("digest").GetString()!;

        var target = $"docker://{fixture.Host}/{repo}:v1";
        var push = await Skopeo.RunAsync("--policy", fixture.PolicyPath, "copy", "--dest-creds", "AWS:" + password, "--dest-cert-dir", fixture.CertDir, $"oci-archive:{archive}", target);
        push.ExitCode.ShouldBe(0, push.StdErr);

        var raw = await Skopeo.RunAsync("inspect", "--raw", "--creds", "AWS:" + password, "--cert-dir", fixture.CertDir, target);
        raw.ExitCode.ShouldBe(0, raw.StdErr);
        ("sha256:" + Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(raw.StdOut)))).ShouldBe(source);

        var layout = Path.Combine(fixture.WorkDir, RegistryServerFixture.Unique("layout"));
        var pull = await Skopeo.RunAsync("--policy", fixture.PolicyPath, "copy", "--src-creds", "AWS:" + password, "--src-cert-dir", fixture.CertDir, target, $"oci:{layout}:v1");
        pull.ExitCode.ShouldBe(0, pull.StdErr);
        RegistryServerFixture.Json(await File.ReadAllTextAsync(Path.Combine(layout, "index.json"))).GetProperty("manifests")[0].GetProperty("digest").GetString().ShouldBe(source);
        AssertBlobsMatchTheirNames(Path.Combine(layout, "blobs", "sha256"));
    }

    [Fact]
    public async Task CopyBetweenRepositories_MountsTheBlobs_AndKeepsTheDigest()
    {
        var from = RegistryServerFixture.Unique("mount/src");
        var to = RegistryServerFixture.Unique("mount/dst");
        await fixture.CreateRepositoryAsync(from);
        await fixture.CreateRepositoryAsync(to);
        var password = await fixture.LoginPasswordAsync();
        var creds = "AWS:" + password;
        var push = await Skopeo.RunAsync("--policy", fixture.PolicyPath, "copy", "--dest-creds", creds, "--dest-cert-dir", fixture.CertDir,
            $"oci:{TestData("Scanning", "Images", "trivy-oci", "test.oci")}", $"docker://{fixture.Host}/{from}:a");
        push.ExitCode.ShouldBe(0, push.StdErr);

        var copy = await Skopeo.RunAsync("--policy", fixture.PolicyPath, "copy", "--src-creds", creds, "--src-cert-dir", fixture.CertDir, "--dest-creds", creds, "--dest-cert-dir", fixture.CertDir,
            $"docker://{fixture.Host}/{from}:a", $"docker://{fixture.Host}/{to}:b");
        copy.ExitCode.ShouldBe(0, copy.StdErr);

        var a = await Skopeo.RunAsync("inspect", "--creds", creds, "--cert-dir", fixture.CertDir, $"docker://{fixture.Host}/{from}:a");
        var b = await Skopeo.RunAsync("inspect", "--creds", creds, "--cert-dir", fixture.CertDir, $"docker://{fixture.Host}/{to}:b");
        RegistryServerFixture.Json(b.StdOut).GetProperty("Digest").GetString().ShouldBe(RegistryServerFixture.Json(a.StdOut).GetProperty("Digest").GetString());
        fixture.Server.Output.ShouldContain("MountLayer");
    }

    [Fact]
    public async Task Push_WithAForgedToken_IsRefusedUnauthorized()
    {
        var repo = RegistryServerFixture.Unique("skopeo/forged");
        await fixture.CreateRepositoryAsync(repo);
        var password = await fixture.LoginPasswordAsync();
        var forged = password[..^4] + (password[^4] == 'A' ? "B" : "A") + password[^3..];
        var push = await Skopeo.RunAsync("--policy", fixture.PolicyPath, "copy", "--dest-creds", "AWS:" + forged, "--dest-cert-dir", fixture.CertDir,
            $"oci:{TestData("Scanning", "Images", "trivy-oci", "test.oci")}", $"docker://{fixture.Host}/{repo}:x");
        push.ExitCode.ShouldNotBe(0);
        push.StdErr.ShouldContain("unauthorized", Case.Insensitive);
        (await fixture.Aws("ecr", "list-images", "--repository-name", repo)).StdOut.ShouldContain("\"imageIds\": []");
    }

    [Fact]
    public async Task Push_ToARepositoryThatWasNeverCreated_AnswersNameUnknown()
    {
        var password = await fixture.LoginPasswordAsync();
        var push = await Skopeo.RunAsync("--policy", fixture.PolicyPath, "copy", "--dest-creds", "AWS:" + password, "--dest-cert-dir", fixture.CertDir,
            $"oci:{TestData("Scanning", "Images", "trivy-oci", "test.oci")}", $"docker://{fixture.Host}/{RegistryServerFixture.Unique("missing")}:x");
        push.ExitCode.ShouldNotBe(0);
        push.StdErr.ShouldContain("does not exist in the registry");
    }

    private static string Sha256(string path) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    private static void AssertBlobsMatchTheirNames(string directory)
    {
        var files = Directory.GetFiles(directory).Where(f => Path.GetFileName(f).Length == 64).ToList();
        files.ShouldNotBeEmpty();
        foreach (var file in files)
        {
            Sha256(file).ShouldBe("sha256:" + Path.GetFileName(file));
        }
    }
}
