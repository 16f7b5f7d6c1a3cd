using System.Net;
using System.Net.Http.Headers;

namespace SageKeep.IntegrationTests.Registry;

/// <summary>Blob HEAD/GET with byte ranges, unknown blobs, and cross-repository mounts.</summary>
public sealed partial class DistributionApiTests
{
    [Fact]
    public async Task BlobHead_AnswersLengthAndDigest_AndGetAnswersTheBytes()
    {
        var (client, repository) = await NewRepositoryAsync();
        using var _ = client;
        var content = RandomBytes(1000);
        var digest = await PushBlobAsync(client, repository, content);

        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v2/{repository}/blobs/{digest}"));
        head.StatusCode.ShouldBe(HttpStatusCode.OK);
        head.Content.Headers.ContentLength.ShouldBe(1000);
        Header(head, "Docker-Content-Digest").ShouldBe(digest);
        (await head.Content.ReadAsByteArrayAsync()).ShouldBeEmpty();

        using var get = await client.GetAsync($"/v2/{repository}/blobs/{digest}");
        get.StatusCode.ShouldBe(HttpStatusCode.OK);
        get.Content.Headers.ContentLength.ShouldBe(1000);
        Header(get, "Docker-Content-Digest").ShouldBe(digest);
        (await get.Content.ReadAsByteArrayAsync()).ShouldBe(content);
    }

    [Fact]
    public async Task BlobGet_WithARange_Answers206WithContentRange_AndExactlyThoseBytes()
    {
        var (client, repository) = await NewRepositoryAsync();
        using var _ = client;
        var content = RandomBytes(1000);
        var digest = await PushBlobAsync(client, repository, content);

        foreach (var (from, to, expectedFrom, expectedTo) in new (long?, long?, int, int)[] { (10, 19, 10, 19), (990, null, 990, 999), (null, 5, 995, 999), (900, 5000, 900, 999) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/v2/{repository}/blobs/{digest}");
            request.Headers.Range = new RangeHeaderValue(from, to);
            using var response = await client.SendAsync(request);

            response.StatusCode.ShouldBe(HttpStatusCode.PartialContent, $"{from}-{to}");
            Header(response, "Content-Range").ShouldBe($"bytes {expectedFrom}-{expectedTo}/1000");
            response.Content.Headers.ContentLength.ShouldBe(expectedTo - expectedFrom + 1);
            Header(response, "Docker-Content-Digest").ShouldBe(digest);
            (await response.Content.ReadAsByteArrayAsync()).ShouldBe(content[expectedFrom..(expectedTo + 1)]);
        }
    }

    [Fact]
    public async Task BlobGet_WithAnUnsatisfiableRange_Answers416()
    {
        var (client, repository) = await NewRepositoryAsync();
        using var _ = client;
        var digest = await PushBlobAsync(client, repository, RandomBytes(1000));

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v2/{repository}/blobs/{digest}");
        request.Headers.Range = new RangeHeaderValue(5000, 6000);
        using var response = await client.SendAsync(request);

        await ExpectErrorAsync(response, HttpStatusCode.RequestedRangeNotSatisfiable, "RANGE_INVALID");
        Header(response, "Content-Range").ShouldBe("bytes */1000");

        // A Range header that is not one byte range is ignored (RFC 9110): the whole blob, 200.
        foreach (var ignored in new[] { "bytes=abc", "items=0-10", "bytes=0-1,5-6", "bytes=20-10" })
        {
            using var whole = new HttpRequestMessage(HttpMethod.Get, $"/v2/{repository}/blobs/{digest}");
            whole.Headers.TryAddWithoutValidation("Range", ignored);
            using var full = await client.SendAsync(whole);
            full.StatusCode.ShouldBe(HttpStatusCode.OK, ignored);
            (await full.Content.ReadAsByteArrayAsync()).Length.ShouldBe(1000);
            full.Content.Headers.Contains("Content-Range").ShouldBeFalse();
        }
    }

    [Fact]
    public async Task UnknownBlob_IsBlobUnknown_AndAMalformedDigestIsDigestInvalid()
    {
        var (client, repository) = await NewRepositoryAsync();
        using var _ = client;
        var unknown = Sha256(RandomBytes(32));

        using var get = await client.GetAsync($"/v2/{repository}/blobs/{unknown}");
        await ExpectErrorAsync(get, HttpStatusCode.NotFound, "BLOB_UNKNOWN");
        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v2/{repository}/blobs/{unknown}"));
        head.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await head.Content.ReadAsByteArrayAsync()).ShouldBeEmpty();
        using var malformed = await client.GetAsync($"/v2/{repository}/blobs/sha256:1234");
        await ExpectErrorAsync(malformed, HttpStatusCode.BadRequest, "DIGEST_INVALID");

        // A blob pushed to another repository is not readable here without a mount.
        var other = RegistryServerFixture.Unique("dist/other");
        await fixture.CreateRepositoryAsync(other);
        var elsewhere = await PushBlobAsync(client, other, RandomBytes(64));
        using var foreign = await client.GetAsync($"/v2/{repository}/blobs/{elsewhere}");
        await ExpectErrorAsync(foreign, HttpStatusCode.NotFound, "BLOB_UNKNOWN");
    }

    [Fact]
    public async Task BlobDelete_IsUnsupported_AndTheBlobStays()
    {
        var (client, repository) = await NewRepositoryAsync();
        using var _ = client;
        var content = RandomBytes(100);
        var digest = await PushBlobAsync(client, repository, content);

        // Blobs go with garbage collection once no manifest references them; the API does not delete them (end-10 is optional).
        using var delete = await client.DeleteAsync($"/v2/{repository}/blobs/{digest}");

        await ExpectErrorAsync(delete, HttpStatusCode.MethodNotAllowed, "UNSUPPORTED");
        (await client.GetByteArrayAsync($"/v2/{repository}/blobs/{digest}")).ShouldBe(content);
    }

    [Fact]
    public async Task Mount_FromAReadableRepositoryHoldingTheBlob_Answers201_AndTheContentIsStoredOnce()
    {
        var (client, source) = await NewRepositoryAsync("dist/source");
        using var _ = client;
        var target = RegistryServerFixture.Unique("dist/target");
        await fixture.CreateRepositoryAsync(target);
        var content = RandomBytes(50_000);
        var digest = await PushBlobAsync(client, source, content);
        var blobFiles = Directory.GetFiles(Path.GetDirectoryName(BlobPath(digest))!).Length;

        using var mount = await client.PostAsync($"/v2/{target}/blobs/uploads/?mount={digest}&from={source}", null);

        mount.StatusCode.ShouldBe(HttpStatusCode.Created, await mount.Content.ReadAsStringAsync());
        mount.Headers.Location!.ToString().ShouldBe($"/v2/{target}/blobs/{digest}");
        Header(mount, "Docker-Content-Digest").ShouldBe(digest);
        (await client.GetByteArrayAsync($"/v2/{target}/blobs/{digest}")).ShouldBe(content);

        // Content-addressed and shared: the mount added a reference, not a file, and the one file holds the bytes.
        Directory.GetFiles(Path.GetDirectoryName(BlobPath(digest))!).Length.ShouldBe(blobFiles);
        (await File.ReadAllBytesAsync(BlobPath(digest))).ShouldBe(content);

        // Pushing the same bytes again to a third repository adds no file either.
        var third = RegistryServerFixture.Unique("dist/third");
        await fixture.CreateRepositoryAsync(third);
        (await PushBlobAsync(client, third, content)).ShouldBe(digest);
        Directory.GetFiles(Path.GetDirectoryName(BlobPath(digest))!).Length.ShouldBe(blobFiles);
    }

    [Fact]
    public async Task Mount_OfABlobTheSourceDoesNotHold_FallsBackToAnUploadSession()
    {
        var (client, source) = await NewRepositoryAsync("dist/source");
        using var _ = client;
        var target = RegistryServerFixture.Unique("dist/target");
        await fixture.CreateRepositoryAsync(target);
        var unknown = Sha256(RandomBytes(10));

        foreach (var query in new[] { $"mount={unknown}&from={source}", $"mount={unknown}&from=dist/no-such-repo", $"mount={unknown}" })
        {
            using var mount = await client.PostAsync($"/v2/{target}/blobs/uploads/?{query}", null);

            mount.StatusCode.ShouldBe(HttpStatusCode.Accepted, query);
            Header(mount, "Docker-Upload-UUID").ShouldNotBeNullOrEmpty();
            var location = mount.Headers.Location!.ToString();
            location.ShouldStartWith($"/v2/{target}/blobs/uploads/");
            using var cancel = await client.DeleteAsync(location);
            cancel.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }

        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v2/{target}/blobs/{unknown}"));
        head.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
