using System.Net;

namespace SageKeep.IntegrationTests.Registry;

/// <summary>Blob uploads: monolithic (POST, POST + PUT), chunked (PATCH with and without Content-Range), status, cancel, digest checks.</summary>
public sealed partial class DistributionApiTests
{
    [Fact]
    public async Task MonolithicPost_WithDigest_Answers201_AndTheBlobIsThere()
    {
        var (client, repository) = await NewRepositoryAsync();
        using var _ = client;
        var content = RandomBytes(4096);
        var digest = Sha256(content);

        using var response = await client.PostAsync($"/v2/{repository}/blobs/uploads/?digest={digest}", Octets(content));

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        response.Headers.Location!.ToString().ShouldBe($"/v2/{repository}/blobs/{digest}");
        Header(response, "Docker-Content-Digest").ShouldBe(digest);
        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, response.Headers.Location));
        head.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await File.ReadAllBytesAsync(BlobPath(digest))).ShouldBe(content);
    }

    [Fact]
    public async Task PostThenPut_WithTheWholeBody_Answers201_AndTheBlobIsThere()
    {
        var (client, repository) = await NewRepositoryAsync();
        using var _ = client;
        var content = RandomBytes(10_000);
        var digest = Sha256(content);

        using var start = await client.PostAsync($"/v2/{repository}/blobs/uploads/", null);
        start.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var location = start.Headers.Location.ShouldNotBeNull().ToString();
        var id = Header(start, "Docker-Upload-UUID").ShouldNotBeNull();
        location.ShouldBe($"/v2/{repository}/blobs/uploads/{id}");
        Header(start, "Range").ShouldBe("0-0");
        start.Content.Headers.ContentLength.ShouldBe(0);

        using var put = await client.PutAsync($"{location}?digest={digest}", Octets(content));

        put.StatusCode.ShouldBe(HttpStatusCode.Created, await put.Content.ReadAsStringAsync());
        put.Headers.Location!.ToString().ShouldBe($"/v2/{repository}/blobs/{digest}");
        Header(put, "Docker-Content-Digest").ShouldBe(digest);
        (await client.GetByteArrayAsync($"/v2/{repository}/blobs/{digest}")).ShouldBe(content);

        // The finished session is gone.
        using var status = await client.GetAsync(location);
        await ExpectErrorAsync(status, HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
        Directory.Exists(Path.Combine(RegistryDirectory, "uploads", id)).ShouldBeFalse();
    }

    [Fact]
    public async Task MonolithicUpload_WithTheWrongDigest_IsDigestInvalid_AndStoresNothing()
    {
        var (client, repository) = await NewRepositoryAsync();
        using var _ = client;
        var content = RandomBytes(2048);
        var claimed = Sha256(RandomBytes(16));
        var uploads = UploadDirectories().Length;

        using var post = await client.PostAsync($"/v2/{repository}/blobs/uploads/?digest={claimed}", Octets(content));
        await ExpectErrorAsync(post, HttpStatusCode.BadRequest, "DIGEST_INVALID");

        using var start = await client.PostAsync($"/v2/{repository}/blobs/uploads/", null);
        var location = start.Headers.Location!.ToString();
        using var put = await client.PutAsync($"{location}?digest={claimed}", Octets(content));
        await ExpectErrorAsync(put, HttpStatusCode.BadRequest, "DIGEST_INVALID");

        foreach (var digest in new[] { claimed, Sha256(content) })
        {
            using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v2/{repository}/blobs/{digest}"));
            head.StatusCode.ShouldBe(HttpStatusCode.NotFound);
            File.Exists(BlobPath(digest)).ShouldBeFalse();
        }

        // A mismatch ends the session and removes its data: nothing is left of either attempt.
        using var status = await client.GetAsync(location);
        await ExpectErrorAsync(status, HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
        UploadDirectories().Length.ShouldBe(uploads);
    }

    [Fact]
    public async Task MonolithicUpload_WithAMalformedDigest_IsDigestInvalid_AndLeavesNoSession()
    {
        var (client, repository) = await NewRepositoryAsync();
        using var _ = client;
        var content = RandomBytes(100);
        var hex = Sha256(content)["sha256:".Length..];
        var uploads = UploadDirectories().Length;
        string[] malformed = ["sha256:xyz", "md5:" + hex[..32], "sha256:" + hex.ToUpperInvariant(), hex, "sha512:" + hex + hex];

        foreach (var digest in malformed)
        {
            using var post = await client.PostAsync($"/v2/{repository}/blobs/uploads/?digest={Uri.EscapeDataString(digest)}", Octets(content));
            await ExpectErrorAsync(post, HttpStatusCode.BadRequest, "DIGEST_INVALID");
        }

        UploadDirectories().Length.ShouldBe(uploads);

        // A PUT that names no digest is refused without touching its session: the client may still finish it properly.
        using var start = await client.PostAsync($"/v2/{repository}/blobs/uploads/", null);
        var location = start.Headers.Location!.ToString();
        using var put = await client.PutAsync(location, Octets(content));
        await ExpectErrorAsync(put, HttpStatusCode.BadRequest, "DIGEST_INVALID");
        using var finish = await client.PutAsync($"{location}?digest={Sha256(content)}", Octets(content));
        finish.StatusCode.ShouldBe(HttpStatusCode.Created, await finish.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ChunkedUpload_PatchesInOrder_OutOfOrderIs416_ThenPutWithTheLastChunk_StoresTheBlob()
    {
        var (client, repository) = await NewRepositoryAsync();
        using var _ = client;
        var content = RandomBytes(30_000);
        var digest = Sha256(content);
        using var start = await client.PostAsync($"/v2/{repository}/blobs/uploads/", null);
        start.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var location = start.Headers.Location!.ToString();
        var id = Header(start, "Docker-Upload-UUID")!;

        // Three chunks of 10,000 bytes, each with Content-Range and Content-Length; the last comes with the PUT.
        for (var offset = 0; offset < 20_000; offset += 10_000)
        {
            using var chunk = Octets(content[offset..(offset + 10_000)]);
            chunk.Headers.TryAddWithoutValidation("Content-Range", $"{offset}-{offset + 9_999}");
            using var patch = await client.PatchAsync(location, chunk);
            patch.StatusCode.ShouldBe(HttpStatusCode.Accepted, await patch.Content.ReadAsStringAsync());
            Header(patch, "Range").ShouldBe($"0-{offset + 9_999}");
            patch.Headers.Location!.ToString().ShouldBe(location);
            Header(patch, "Docker-Upload-UUID").ShouldBe(id);
            location = patch.Headers.Location!.ToString();
        }

        using (var status = await client.GetAsync(location))
        {
            status.StatusCode.ShouldBe(HttpStatusCode.NoContent);
            Header(status, "Range").ShouldBe("0-19999");
            Header(status, "Docker-Upload-UUID").ShouldBe(id);
            status.Headers.Location!.ToString().ShouldBe(location);
        }

        // A chunk that does not continue the upload (a gap, or a repeat) is refused with 416 and the current Range.
        foreach (var range in new[] { "25000-29999", "0-9999" })
        {
            var (from, to) = (int.Parse(range.Split('-')[0]), int.Parse(range.Split('-')[1]));
            using var stray = Octets(content[from..(to + 1)]);
            stray.Headers.TryAddWithoutValidation("Content-Range", range);
            using var refused = await client.PatchAsync(location, stray);
            await ExpectErrorAsync(refused, HttpStatusCode.RequestedRangeNotSatisfiable, "RANGE_INVALID");
            Header(refused, "Range").ShouldBe("0-19999");
            refused.Headers.Location!.ToString().ShouldBe(location);
        }

        // A Content-Range that is not <start>-<end> is a 416 as well (the spec), with the state to resume from.
        using (var malformed = Octets(content[20_000..]))
        {
            malformed.Headers.TryAddWithoutValidation("Content-Range", "twenty-thousand");
            using var refused = await client.PatchAsync(location, malformed);
            await ExpectErrorAsync(refused, HttpStatusCode.RequestedRangeNotSatisfiable, "RANGE_INVALID");
            Header(refused, "Range").ShouldBe("0-19999");
        }

        using var put = await client.PutAsync($"{location}?digest={digest}", Octets(content[20_000..]));

        put.StatusCode.ShouldBe(HttpStatusCode.Created, await put.Content.ReadAsStringAsync());
        Header(put, "Docker-Content-Digest").ShouldBe(digest);
        put.Headers.Location!.ToString().ShouldBe($"/v2/{repository}/blobs/{digest}");
        (await client.GetByteArrayAsync($"/v2/{repository}/blobs/{digest}")).ShouldBe(content);
    }

    [Fact]
    public async Task ChunkedUpload_FinalPutWithoutABody_Completes()
    {
        var (client, repository) = await NewRepositoryAsync();
        using var _ = client;
        var content = RandomBytes(5_000);
        using var start = await client.PostAsync($"/v2/{repository}/blobs/uploads/", null);
        var location = start.Headers.Location!.ToString();
        using var chunk = Octets(content);
        chunk.Headers.TryAddWithoutValidation("Content-Range", "0-4999");
        using var patch = await client.PatchAsync(location, chunk);
        patch.StatusCode.ShouldBe(HttpStatusCode.Accepted);

        using var put = await client.PutAsync($"{patch.Headers.Location}?digest={Sha256(content)}", null);

        put.StatusCode.ShouldBe(HttpStatusCode.Created, await put.Content.ReadAsStringAsync());
        (await client.GetByteArrayAsync($"/v2/{repository}/blobs/{Sha256(content)}")).ShouldBe(content);
    }

    [Fact]
    public async Task StreamedPatch_WithoutContentRangeOrLength_AppendsEveryByte()
    {
        var (client, repository) = await NewRepositoryAsync();
        using var _ = client;
        var content = RandomBytes(300_000);
        using var start = await client.PostAsync($"/v2/{repository}/blobs/uploads/", null);
        var location = start.Headers.Location!.ToString();

        // Two streamed PATCHes (chunked transfer encoding: no Content-Length, no Content-Range).
        foreach (var (from, to) in new[] { (0, 200_000), (200_000, 300_000) })
        {
            using var stream = new StreamContent(new MemoryStream(content[from..to]));
            using var request = new HttpRequestMessage(HttpMethod.Patch, location) { Content = stream };
            request.Headers.TransferEncodingChunked = true;
            using var patch = await client.SendAsync(request);
            patch.StatusCode.ShouldBe(HttpStatusCode.Accepted, await patch.Content.ReadAsStringAsync());
            Header(patch, "Range").ShouldBe($"0-{to - 1}");
            location = patch.Headers.Location!.ToString();
        }

        using var put = await client.PutAsync($"{location}?digest={Sha256(content)}", null);
        put.StatusCode.ShouldBe(HttpStatusCode.Created, await put.Content.ReadAsStringAsync());
        (await client.GetByteArrayAsync($"/v2/{repository}/blobs/{Sha256(content)}")).ShouldBe(content);
    }

    [Fact]
    public async Task DeleteUpload_CancelsIt_ItsDataIsRemoved_AndItIsThenUnknown()
    {
        var (client, repository) = await NewRepositoryAsync();
        using var _ = client;
        using var start = await client.PostAsync($"/v2/{repository}/blobs/uploads/", null);
        var location = start.Headers.Location!.ToString();
        var id = Header(start, "Docker-Upload-UUID")!;
        using (var patch = await client.PatchAsync(location, Octets(RandomBytes(1000))))
        {
            patch.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        }

        Directory.Exists(Path.Combine(RegistryDirectory, "uploads", id)).ShouldBeTrue();

        using var delete = await client.DeleteAsync(location);

        delete.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        Directory.Exists(Path.Combine(RegistryDirectory, "uploads", id)).ShouldBeFalse();
        using var status = await client.GetAsync(location);
        await ExpectErrorAsync(status, HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
        using var again = await client.PatchAsync(location, Octets(RandomBytes(10)));
        await ExpectErrorAsync(again, HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
        using var deleteAgain = await client.DeleteAsync(location);
        await ExpectErrorAsync(deleteAgain, HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
    }

    [Fact]
    public async Task Upload_ContinuedInAnotherRepository_OrWithAnInventedId_IsUnknown()
    {
        var (client, repository) = await NewRepositoryAsync();
        using var _ = client;
        var other = RegistryServerFixture.Unique("dist/other");
        await fixture.CreateRepositoryAsync(other);
        using var start = await client.PostAsync($"/v2/{repository}/blobs/uploads/", null);
        var id = Header(start, "Docker-Upload-UUID")!;

        using var elsewhere = await client.PatchAsync($"/v2/{other}/blobs/uploads/{id}", Octets(RandomBytes(10)));
        await ExpectErrorAsync(elsewhere, HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
        foreach (var invented in new[] { new string('0', 32), "not-an-id", id.ToUpperInvariant() })
        {
            using var status = await client.GetAsync($"/v2/{repository}/blobs/uploads/{invented}");
            await ExpectErrorAsync(status, HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
        }

        using var mine = await client.GetAsync($"/v2/{repository}/blobs/uploads/{id}");
        mine.StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Uploads_ToAnUnknownRepository_AreNameUnknown()
    {
        using var client = await RootClientAsync();
        var missing = RegistryServerFixture.Unique("dist/missing");

        using var post = await client.PostAsync($"/v2/{missing}/blobs/uploads/", null);

        await ExpectErrorAsync(post, HttpStatusCode.NotFound, "NAME_UNKNOWN");
        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v2/{missing}/blobs/{Sha256([1])}"));
        head.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
