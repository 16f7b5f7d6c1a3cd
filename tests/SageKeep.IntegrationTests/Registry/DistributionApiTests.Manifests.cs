using System.Net;
using System.Text;
using System.Text.Json;

namespace SageKeep.IntegrationTests.Registry;

/// <summary>Manifests: OCI and Docker schema 2 images and indexes by tag and digest, verification, deletion.</summary>
public sealed partial class DistributionApiTests
{
    [Fact]
    public async Task OciManifest_PutByTag_GetAndHeadByTagAndDigest_AnswerTheSameBytesAndType()
    {
        var (client, repository) = await NewRepositoryAsync();
        using var _ = client;
        var (manifest, digest) = await ImageManifestAsync(client, repository);

        using var put = await PutManifestAsync(client, repository, "v1", OciManifest, manifest);

        put.StatusCode.ShouldBe(HttpStatusCode.Created, await put.Content.ReadAsStringAsync());
        Header(put, "Docker-Content-Digest").ShouldBe(digest);
        put.Headers.Location!.ToString().ShouldBe($"/v2/{repository}/manifests/{digest}");
        foreach (var reference in new[] { "v1", digest })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/v2/{repository}/manifests/{reference}");
            request.Headers.Accept.ParseAdd(OciManifest);
            using var get = await client.SendAsync(request);
            get.StatusCode.ShouldBe(HttpStatusCode.OK);
            get.Content.Headers.ContentType!.MediaType.ShouldBe(OciManifest);
            Header(get, "Docker-Content-Digest").ShouldBe(digest);
            (await get.Content.ReadAsByteArrayAsync()).ShouldBe(manifest);

            using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v2/{repository}/manifests/{reference}"));
            head.StatusCode.ShouldBe(HttpStatusCode.OK);
            head.Content.Headers.ContentType!.MediaType.ShouldBe(OciManifest);
            head.Content.Headers.ContentLength.ShouldBe(manifest.Length);
            Header(head, "Docker-Content-Digest").ShouldBe(digest);
        }
    }

    [Fact]
    public async Task DockerSchema2Manifest_PutByTagAndByDigest_RoundTrips()
    {
        var (client, repository) = await NewRepositoryAsync();
        using var _ = client;
        var (manifest, digest) = await ImageManifestAsync(client, repository, DockerManifest);

        using (var byDigest = await PutManifestAsync(client, repository, digest, DockerManifest, manifest))
        {
            byDigest.StatusCode.ShouldBe(HttpStatusCode.Created, await byDigest.Content.ReadAsStringAsync());
            Header(byDigest, "Docker-Content-Digest").ShouldBe(digest);
        }

        using (var byTag = await PutManifestAsync(client, repository, "docker", DockerManifest, manifest))
        {
            byTag.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        using var get = await client.GetAsync($"/v2/{repository}/manifests/docker");
        get.StatusCode.ShouldBe(HttpStatusCode.OK);
        get.Content.Headers.ContentType!.MediaType.ShouldBe(DockerManifest);
        Header(get, "Docker-Content-Digest").ShouldBe(digest);
        (await get.Content.ReadAsByteArrayAsync()).ShouldBe(manifest);
    }

    [Fact]
    public async Task Manifest_ReferencingABlobNotInTheRepository_IsManifestBlobUnknown_AndStoresNothing()
    {
        var (client, repository) = await NewRepositoryAsync();
        using var _ = client;
        var (manifest, _) = await ImageManifestAsync(client, repository);
        var missing = Sha256(RandomBytes(64));
        var json = JsonDocument.Parse(manifest).RootElement.GetRawText();
        var layerDigest = JsonDocument.Parse(manifest).RootElement.GetProperty("layers")[0].GetProperty("digest").GetString()!;
        var broken = Encoding.UTF8.GetBytes(json.Replace(layerDigest, missing, StringComparison.Ordinal));

        using var put = await PutManifestAsync(client, repository, "broken", OciManifest, broken);

        await ExpectErrorAsync(put, HttpStatusCode.BadRequest, "MANIFEST_BLOB_UNKNOWN");
        await ExpectNoManifestAsync(client, repository, "broken", Sha256(broken));
    }

    [Fact]
    public async Task ManifestPut_ByADigestTheBodyDoesNotHashTo_IsDigestInvalid_AndStoresNothing()
    {
        var (client, repository) = await NewRepositoryAsync();
        using var _ = client;
        var (manifest, digest) = await ImageManifestAsync(client, repository);
        var claimed = Sha256(RandomBytes(8));

        using var put = await PutManifestAsync(client, repository, claimed, OciManifest, manifest);

        await ExpectErrorAsync(put, HttpStatusCode.BadRequest, "DIGEST_INVALID");
        await ExpectNoManifestAsync(client, repository, claimed, digest);
    }

    [Fact]
    public async Task InvalidManifests_AreRefusedWithManifestInvalidOrSizeInvalid_AndStoreNothing()
    {
        var (client, repository) = await NewRepositoryAsync();
        using var _ = client;
        var (manifest, _) = await ImageManifestAsync(client, repository);
        var text = Encoding.UTF8.GetString(manifest);
        var cases = new (string Tag, string ContentType, byte[] Body, HttpStatusCode Status, string Code)[]
        {
            ("not-json", OciManifest, "{\"schemaVersion\":2,"u8.ToArray(), HttpStatusCode.BadRequest, "MANIFEST_INVALID"),
            ("array", OciManifest, "[1,2,3]"u8.ToArray(), HttpStatusCode.BadRequest, "MANIFEST_INVALID"),
            ("schema1", OciManifest, Encoding.UTF8.GetBytes(text.Replace("\"schemaVersion\":2", "\"schemaVersion\":1", StringComparison.Ordinal)), HttpStatusCode.BadRequest, "MANIFEST_INVALID"),
            ("wrong-type", "application/vnd.example.thing+json", Encoding.UTF8.GetBytes(text.Replace(OciManifest, "application/vnd.example.thing+json", StringComparison.Ordinal)), HttpStatusCode.BadRequest, "MANIFEST_INVALID"),
            ("type-mismatch", DockerManifest, manifest, HttpStatusCode.BadRequest, "MANIFEST_INVALID"),
            ("no-config", OciManifest, """{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","layers":[]}"""u8.ToArray(), HttpStatusCode.BadRequest, "MANIFEST_INVALID"),
            ("bad-descriptor", OciManifest, Encoding.UTF8.GetBytes(text.Replace("\"size\":", "\"size\":-", StringComparison.Ordinal)), HttpStatusCode.BadRequest, "MANIFEST_INVALID"),
            ("too-large", OciManifest, Encoding.UTF8.GetBytes(text[..^1] + ",\"annotations\":{\"pad\":\"" + new string('x', 4 * 1024 * 1024) + "\"}}"), HttpStatusCode.RequestEntityTooLarge, "SIZE_INVALID"),
        };

        foreach (var (tag, contentType, body, status, code) in cases)
        {
            using var put = await PutManifestAsync(client, repository, tag, contentType, body);
            await ExpectErrorAsync(put, status, code);
            await ExpectNoManifestAsync(client, repository, tag, Sha256(body));
        }

        // An invalid tag is refused before anything is read.
        using var badTag = await PutManifestAsync(client, repository, "-leading-dash", OciManifest, manifest);
        await ExpectErrorAsync(badTag, HttpStatusCode.BadRequest, "TAG_INVALID");
    }

    [Fact]
    public async Task OciIndexAndDockerManifestList_WithTwoPlatforms_RoundTrip_AndAMissingChildIsRefused()
    {
        var (client, repository) = await NewRepositoryAsync();
        using var _ = client;
        foreach (var (indexType, childType) in new[] { (OciIndex, OciManifest), (DockerManifestList, DockerManifest) })
        {
            var (amd64, amd64Digest) = await ImageManifestAsync(client, repository, childType, architecture: "amd64");
            var (arm64, arm64Digest) = await ImageManifestAsync(client, repository, childType, architecture: "arm64");
            var index = IndexOf(indexType, (childType, amd64Digest, amd64.Length, "amd64"), (childType, arm64Digest, arm64.Length, "arm64"));
            var tag = indexType == OciIndex ? "multi-oci" : "multi-docker";

            // The children are not pushed yet: the index is refused and nothing is stored.
            using (var early = await PutManifestAsync(client, repository, tag, indexType, index))
            {
                await ExpectErrorAsync(early, HttpStatusCode.BadRequest, "MANIFEST_BLOB_UNKNOWN");
            }

            await ExpectNoManifestAsync(client, repository, tag, Sha256(index));

            // Both children by digest, then the index by tag.
            foreach (var (child, childDigest) in new[] { (amd64, amd64Digest), (arm64, arm64Digest) })
            {
                using var putChild = await PutManifestAsync(client, repository, childDigest, childType, child);
                putChild.StatusCode.ShouldBe(HttpStatusCode.Created, await putChild.Content.ReadAsStringAsync());
            }

            using var put = await PutManifestAsync(client, repository, tag, indexType, index);
            put.StatusCode.ShouldBe(HttpStatusCode.Created, await put.Content.ReadAsStringAsync());
            Header(put, "Docker-Content-Digest").ShouldBe(Sha256(index));

            using var request = new HttpRequestMessage(HttpMethod.Get, $"/v2/{repository}/manifests/{tag}");
            request.Headers.Accept.ParseAdd(indexType);
            using var get = await client.SendAsync(request);
            get.StatusCode.ShouldBe(HttpStatusCode.OK);
            get.Content.Headers.ContentType!.MediaType.ShouldBe(indexType);
            Header(get, "Docker-Content-Digest").ShouldBe(Sha256(index));
            var returned = await get.Content.ReadAsByteArrayAsync();
            returned.ShouldBe(index);
            JsonDocument.Parse(returned).RootElement.GetProperty("manifests").EnumerateArray()
                .Select(m => m.GetProperty("platform").GetProperty("architecture").GetString()).ShouldBe(["amd64", "arm64"]);

            // A child is reachable by digest from the index.
            using var byChildDigest = await client.GetAsync($"/v2/{repository}/manifests/{arm64Digest}");
            byChildDigest.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await byChildDigest.Content.ReadAsByteArrayAsync()).ShouldBe(arm64);
        }
    }

    [Fact]
    public async Task DeleteByDigest_Answers202_ThenTheManifestAndItsTagsAreUnknown()
    {
        var (client, repository) = await NewRepositoryAsync();
        using var _ = client;
        var (manifest, digest) = await ImageManifestAsync(client, repository);
        using (var put = await PutManifestAsync(client, repository, "doomed", OciManifest, manifest))
        {
            put.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        using var delete = await client.DeleteAsync($"/v2/{repository}/manifests/{digest}");

        delete.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        using var byDigest = await client.GetAsync($"/v2/{repository}/manifests/{digest}");
        await ExpectErrorAsync(byDigest, HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
        using var byTag = await client.GetAsync($"/v2/{repository}/manifests/doomed");
        await ExpectErrorAsync(byTag, HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
        using var again = await client.DeleteAsync($"/v2/{repository}/manifests/{digest}");
        await ExpectErrorAsync(again, HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
        using var tags = await client.GetAsync($"/v2/{repository}/tags/list");
        RegistryServerFixture.Json(await tags.Content.ReadAsStringAsync()).GetProperty("tags").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task DeleteByTag_RemovesOnlyThatTag_TheManifestStaysByDigestAndOtherTags()
    {
        var (client, repository) = await NewRepositoryAsync();
        using var _ = client;
        var (manifest, digest) = await ImageManifestAsync(client, repository);
        foreach (var tag in new[] { "keep", "drop" })
        {
            using var put = await PutManifestAsync(client, repository, tag, OciManifest, manifest);
            put.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        using var delete = await client.DeleteAsync($"/v2/{repository}/manifests/drop");

        delete.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        using var dropped = await client.GetAsync($"/v2/{repository}/manifests/drop");
        await ExpectErrorAsync(dropped, HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
        using var kept = await client.GetAsync($"/v2/{repository}/manifests/keep");
        kept.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var byDigest = await client.GetAsync($"/v2/{repository}/manifests/{digest}");
        (await byDigest.Content.ReadAsByteArrayAsync()).ShouldBe(manifest);
        using var again = await client.DeleteAsync($"/v2/{repository}/manifests/drop");
        await ExpectErrorAsync(again, HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
    }

    [Fact]
    public async Task Manifests_InAnUnknownRepository_AreNameUnknown_AndAnUnknownReferenceIsManifestUnknown()
    {
        var (client, repository) = await NewRepositoryAsync();
        using var _ = client;
        var missing = RegistryServerFixture.Unique("dist/missing");

        using var get = await client.GetAsync($"/v2/{missing}/manifests/latest");
        await ExpectErrorAsync(get, HttpStatusCode.NotFound, "NAME_UNKNOWN");
        using var put = await PutManifestAsync(client, missing, "latest", OciManifest, "{}"u8.ToArray());
        await ExpectErrorAsync(put, HttpStatusCode.NotFound, "NAME_UNKNOWN");
        using var unknownTag = await client.GetAsync($"/v2/{repository}/manifests/nope");
        await ExpectErrorAsync(unknownTag, HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
        using var unknownDigest = await client.GetAsync($"/v2/{repository}/manifests/{Sha256(RandomBytes(4))}");
        await ExpectErrorAsync(unknownDigest, HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
        using var badDigest = await client.GetAsync($"/v2/{repository}/manifests/sha256:abc");
        await ExpectErrorAsync(badDigest, HttpStatusCode.BadRequest, "DIGEST_INVALID");
    }

    /// <summary>Neither the tag nor the digest resolves, and the manifest's bytes were never written to the blob store.</summary>
    private async Task ExpectNoManifestAsync(HttpClient client, string repository, string tag, string digest)
    {
        if (!tag.StartsWith("sha256:", StringComparison.Ordinal))
        {
            using var byTag = await client.GetAsync($"/v2/{repository}/manifests/{tag}");
            await ExpectErrorAsync(byTag, HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
        }

        using var byDigest = await client.GetAsync($"/v2/{repository}/manifests/{digest}");
        await ExpectErrorAsync(byDigest, HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
        File.Exists(BlobPath(digest)).ShouldBeFalse(digest);
    }
}
