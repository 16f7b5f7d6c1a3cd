using System.Net;
using System.Net.Http.Headers;
using SageKeep.IntegrationTests.Infrastructure;

namespace SageKeep.IntegrationTests.Registry;

/// <summary>
/// <c>sagekeep admin registry-gc</c> against the data directory of a running server: blobs are shared across
/// repositories by content, a blob goes only when nothing references it any more and it is older than the grace
/// period, uploads in progress survive, and the report names each removed blob and the bytes freed.
/// </summary>
public sealed class RegistryGcTests(RegistryServerFixture fixture) : IClassFixture<RegistryServerFixture>
{
    private string BlobPath(string digest) => Path.Combine(fixture.Server.DataDir, "registry", "blobs", "sha256", digest["sha256:".Length..]);

    [Fact]
    public async Task SharedLayer_IsKeptWhileOneRepositoryUsesIt_UniqueBlobsAreCollected_AndTheRestStillPulls()
    {
        var first = RegistryServerFixture.Unique("gc/one");
        var second = RegistryServerFixture.Unique("gc/two");
        await fixture.CreateRepositoryAsync(first);
        await fixture.CreateRepositoryAsync(second);
        var password = await fixture.LoginPasswordAsync();
        using var client = fixture.RegistryClient(password);
        var shared = RawImages.UniqueLayer("shared");
        var one = RawImages.Image("one", shared, RawImages.UniqueLayer("one"));
        var two = RawImages.Image("two", shared, RawImages.UniqueLayer("two"));
        (await RawImages.PushAsync(client, first, one, "v1")).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await RawImages.PushAsync(client, second, two, "v1")).StatusCode.ShouldBe(HttpStatusCode.Created);
        var sharedDigest = RawImages.Digest(shared);
        string[] oneOnly = [one.Digest, one.ConfigDigest, RawImages.Digest(one.Layers[1])];
        string[] twoOnly = [two.Digest, two.ConfigDigest, RawImages.Digest(two.Layers[1])];

        // Everything is referenced: nothing of these images goes, even with no grace period.
        var idle = await GcAsync("--grace-minutes", "0");
        foreach (var digest in oneOnly.Concat(twoOnly).Append(sharedDigest))
        {
            idle.ShouldNotContain(digest);
            File.Exists(BlobPath(digest)).ShouldBeTrue();
        }

        // The first repository's image is deleted: within the default grace period (one hour) its blobs stay.
        (await fixture.Aws("ecr", "batch-delete-image", "--repository-name", first, "--image-ids", "imageTag=v1")).ExitCode.ShouldBe(0);
        var graced = await GcAsync();
        foreach (var digest in oneOnly)
        {
            graced.ShouldNotContain(digest);
            File.Exists(BlobPath(digest)).ShouldBeTrue();
        }

        // Past the grace period: its unique blobs go, listed with their sizes; the shared layer stays.
        var collected = await GcAsync("--grace-minutes", "0");
        var blobs = new Dictionary<string, byte[]> { [one.Digest] = one.Manifest, [one.ConfigDigest] = one.Config, [RawImages.Digest(one.Layers[1])] = one.Layers[1] };
        foreach (var (digest, content) in blobs)
        {
            collected.ShouldContain($"removed {digest} ({content.Length} bytes)");
            File.Exists(BlobPath(digest)).ShouldBeFalse();
        }

        collected.ShouldNotContain(sharedDigest);
        File.Exists(BlobPath(sharedDigest)).ShouldBeTrue();
        foreach (var digest in twoOnly)
        {
            File.Exists(BlobPath(digest)).ShouldBeTrue();
        }

        var removedLines = collected.Split('\n').Count(l => l.StartsWith("removed ", StringComparison.Ordinal));
        collected.ShouldContain($"Removed {removedLines} blobs (");

        // The second repository's image still pulls whole, with the same digest.
        var layout = Path.Combine(fixture.WorkDir, RegistryServerFixture.Unique("gc-pull"));
        var pull = await Skopeo.RunAsync("--policy", fixture.PolicyPath, "copy", "--src-creds", "AWS:" + password, "--src-cert-dir", fixture.CertDir, $"docker://{fixture.Host}/{second}:v1", $"oci:{layout}:v1");
        pull.ExitCode.ShouldBe(0, pull.StdErr);
        RegistryServerFixture.Json(await File.ReadAllTextAsync(Path.Combine(layout, "index.json"))).GetProperty("manifests")[0].GetProperty("digest").GetString().ShouldBe(two.Digest);
        File.ReadAllBytes(Path.Combine(layout, "blobs", "sha256", sharedDigest["sha256:".Length..])).ShouldBe(shared);

        // The second repository goes too: now the shared layer is collected as well.
        (await fixture.Aws("ecr", "delete-repository", "--repository-name", second, "--force")).ExitCode.ShouldBe(0);
        var all = await GcAsync("--grace-minutes", "0");
        foreach (var digest in twoOnly.Append(sharedDigest))
        {
            all.ShouldContain($"removed {digest} (");
            File.Exists(BlobPath(digest)).ShouldBeFalse();
        }
    }

    [Fact]
    public async Task UploadInProgress_AndBlobsYoungerThanTheGracePeriod_AreKept()
    {
        var repository = RegistryServerFixture.Unique("gc/upload");
        await fixture.CreateRepositoryAsync(repository);
        using var client = fixture.RegistryClient(await fixture.LoginPasswordAsync());

        // A finished blob no manifest references yet (a push between its layers and its manifest).
        var orphan = RawImages.UniqueLayer("orphan");
        await RawImages.PushBlobAsync(client, repository, orphan);
        var orphanDigest = RawImages.Digest(orphan);

        // An upload in progress: started, one chunk sent, not finished.
        var layer = RawImages.UniqueLayer("chunked");
        using var started = await client.PostAsync($"/v2/{repository}/blobs/uploads/", null);
        started.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var location = started.Headers.Location!.ToString();
        using (var chunk = new ByteArrayContent(layer[..(layer.Length / 2)]))
        {
            chunk.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            using var patched = await client.PatchAsync(location, chunk);
            patched.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        }

        var graced = await GcAsync();
        graced.ShouldNotContain(orphanDigest);
        File.Exists(BlobPath(orphanDigest)).ShouldBeTrue();

        // Without a grace period the orphan goes; the upload in progress (idle for less than an hour) does not.
        var collected = await GcAsync("--grace-minutes", "0");
        collected.ShouldContain($"removed {orphanDigest} ({orphan.Length} bytes)");
        File.Exists(BlobPath(orphanDigest)).ShouldBeFalse();

        using var status = await client.GetAsync(location);
        status.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        status.Headers.GetValues("Range").Single().ShouldBe($"0-{layer.Length / 2 - 1}");
        var rest = new ByteArrayContent(layer[(layer.Length / 2)..]);
        rest.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var separator = location.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        using var finished = await client.PutAsync($"{location}{separator}digest={Uri.EscapeDataString(RawImages.Digest(layer))}", rest);
        finished.StatusCode.ShouldBe(HttpStatusCode.Created, await finished.Content.ReadAsStringAsync());
        File.ReadAllBytes(BlobPath(RawImages.Digest(layer))).ShouldBe(layer);

        var refused = await ServerProcess.RunCliAsync(["admin", "registry-gc", "--data-dir", fixture.Server.DataDir, "--grace-minutes", "-1"]);
        refused.ExitCode.ShouldBe(1);
        refused.StdErr.ShouldContain("--grace-minutes");
    }

    /// <summary>Runs the command against the running server's data directory; returns what it printed.</summary>
    private async Task<string> GcAsync(params string[] extra)
    {
        var (code, stdout, stderr) = await ServerProcess.RunCliAsync(["admin", "registry-gc", "--data-dir", fixture.Server.DataDir, .. extra]);
        code.ShouldBe(0, stderr);
        stdout.ShouldContain("Removed ");
        return stdout;
    }
}
