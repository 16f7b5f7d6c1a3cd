using System.Net;
using System.Text;
using System.Text.Json;

namespace SageKeep.IntegrationTests.Registry;

/// <summary>
/// A registry server whose blob uploads expire after 10 idle seconds (<c>--registry-upload-idle-timeout-seconds</c>):
/// long enough that the steps a test takes within one upload never come that far apart on a loaded machine.
/// </summary>
public sealed class ShortUploadTimeoutFixture : RegistryServerFixture
{
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(10);

    protected override IReadOnlyList<string> ExtraArguments => ["--registry-upload-idle-timeout-seconds", ((int)IdleTimeout.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture)];
}

/// <summary>
/// Upload sessions expire: one left idle beyond the configured timeout answers BLOB_UPLOAD_UNKNOWN and its partial
/// data is removed, whether the client comes back to it or another upload starts. The tests wait well beyond the
/// timeout and then assert the outcome, never how long anything took.
/// </summary>
public sealed class UploadExpiryTests(ShortUploadTimeoutFixture fixture) : IClassFixture<ShortUploadTimeoutFixture>
{
    private static readonly TimeSpan BeyondTheTimeout = ShortUploadTimeoutFixture.IdleTimeout * 2.5;

    [Fact]
    public async Task IdleUpload_BeyondTheTimeout_IsBlobUploadUnknown_AndItsDataIsRemoved()
    {
        var (client, repository) = await NewRepositoryAsync();
        using var _ = client;
        using var start = await client.PostAsync($"/v2/{repository}/blobs/uploads/", null);
        var location = start.Headers.Location!.ToString();
        var directory = UploadDirectory(start);
        using (var patch = await client.PatchAsync(location, new ByteArrayContent(new byte[4096])))
        {
            patch.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        }

        new FileInfo(Path.Combine(directory, "data")).Length.ShouldBe(4096);

        await Task.Delay(BeyondTheTimeout);

        using var patchAgain = await client.PatchAsync(location, new ByteArrayContent(new byte[10]));
        await ExpectUploadUnknownAsync(patchAgain);
        Directory.Exists(directory).ShouldBeFalse();
        using var put = await client.PutAsync($"{location}?digest=sha256:{new string('0', 64)}", null);
        await ExpectUploadUnknownAsync(put);
    }

    [Fact]
    public async Task IdleUploads_AreRemovedWhenAnotherUploadStarts_WhileActiveOnesLive()
    {
        var (client, repository) = await NewRepositoryAsync();
        using var _ = client;
        using var idle = await client.PostAsync($"/v2/{repository}/blobs/uploads/", null);
        var idleDirectory = UploadDirectory(idle);
        Directory.Exists(idleDirectory).ShouldBeTrue();

        await Task.Delay(BeyondTheTimeout);

        // Starting a new upload sweeps the idle one without anyone touching it.
        using var fresh = await client.PostAsync($"/v2/{repository}/blobs/uploads/", null);
        fresh.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        Directory.Exists(idleDirectory).ShouldBeFalse();
        using var status = await client.GetAsync(idle.Headers.Location);
        await ExpectUploadUnknownAsync(status);

        // The fresh one, used within the timeout, completes.
        var content = Encoding.UTF8.GetBytes("fresh upload");
        var digest = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));
        using var put = await client.PutAsync($"{fresh.Headers.Location}?digest={digest}", new ByteArrayContent(content));
        put.StatusCode.ShouldBe(HttpStatusCode.Created, await put.Content.ReadAsStringAsync());
    }

    private async Task<(HttpClient Client, string Repository)> NewRepositoryAsync()
    {
        var repository = RegistryServerFixture.Unique("expiry/app");
        await fixture.CreateRepositoryAsync(repository);
        return (fixture.RegistryClient(await fixture.LoginPasswordAsync()), repository);
    }

    private string UploadDirectory(HttpResponseMessage start)
    {
        start.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        return Path.Combine(fixture.Server.DataDir, "registry", "uploads", start.Headers.GetValues("Docker-Upload-UUID").Single());
    }

    private static async Task ExpectUploadUnknownAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound, text);
        JsonDocument.Parse(text).RootElement.GetProperty("errors")[0].GetProperty("code").GetString().ShouldBe("BLOB_UPLOAD_UNKNOWN");
    }
}
