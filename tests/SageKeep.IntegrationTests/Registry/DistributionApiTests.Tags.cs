using System.Net;
using System.Text.RegularExpressions;

namespace SageKeep.IntegrationTests.Registry;

/// <summary>Tag listing with pagination (n, last, Link) and the OCI 1.1 referrers API.</summary>
public sealed partial class DistributionApiTests
{
    [Fact]
    public async Task TagList_PagesThroughSevenTagsInLexicalOrder_FollowingTheLinkHeader()
    {
        var (client, repository) = await NewRepositoryAsync();
        using var _ = client;
        var (manifest, _) = await ImageManifestAsync(client, repository);
        string[] tags = ["v10", "latest", "v2", "A-upper", "v1", "beta", "v1.1"];
        foreach (var tag in tags)
        {
            using var put = await PutManifestAsync(client, repository, tag, OciManifest, manifest);
            put.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        var seen = new List<string>();
        var next = $"/v2/{repository}/tags/list?n=3";
        var pages = 0;
        while (next is not null && pages++ < 10)
        {
            using var page = await client.GetAsync(next);
            page.StatusCode.ShouldBe(HttpStatusCode.OK);
            page.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
            var body = RegistryServerFixture.Json(await page.Content.ReadAsStringAsync());
            body.GetProperty("name").GetString().ShouldBe(repository);
            var names = body.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).ToList();
            names.Count.ShouldBeLessThanOrEqualTo(3);
            seen.AddRange(names);
            next = null;
            if (Header(page, "Link") is { } link)
            {
                var match = Regex.Match(link, "^<([^>]+)>; rel=\"next\"$");
                match.Success.ShouldBeTrue(link);
                next = match.Groups[1].Value;
                next.ShouldStartWith($"/v2/{repository}/tags/list?");
                next.ShouldContain("n=3");
                next.ShouldContain("last=" + Uri.EscapeDataString(names[^1]));
            }
        }

        seen.ShouldBe(tags.Order(StringComparer.Ordinal).ToList());
        pages.ShouldBe(3);
    }

    [Fact]
    public async Task TagList_HonoursLast_AndBoundsN()
    {
        var (client, repository) = await NewRepositoryAsync();
        using var _ = client;
        var (manifest, _) = await ImageManifestAsync(client, repository);
        foreach (var tag in new[] { "a", "b", "c", "d" })
        {
            using var put = await PutManifestAsync(client, repository, tag, OciManifest, manifest);
            put.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        async Task<List<string>> ListAsync(string query)
        {
            using var response = await client.GetAsync($"/v2/{repository}/tags/list{query}");
            response.StatusCode.ShouldBe(HttpStatusCode.OK, query);
            return [.. RegistryServerFixture.Json(await response.Content.ReadAsStringAsync()).GetProperty("tags").EnumerateArray().Select(t => t.GetString()!)];
        }

        (await ListAsync(string.Empty)).ShouldBe(["a", "b", "c", "d"]);
        (await ListAsync("?last=b")).ShouldBe(["c", "d"]);
        (await ListAsync("?n=1&last=a")).ShouldBe(["b"]);
        (await ListAsync("?last=d")).ShouldBeEmpty();
        (await ListAsync("?n=0")).ShouldBeEmpty();
        (await ListAsync("?n=1000")).ShouldBe(["a", "b", "c", "d"]);

        // n above the page bound (1000), negative or not a number: the spec's PAGINATION_NUMBER_INVALID.
        foreach (var n in new[] { "1001", "-1", "many", "99999999999" })
        {
            using var response = await client.GetAsync($"/v2/{repository}/tags/list?n={n}");
            await ExpectErrorAsync(response, HttpStatusCode.BadRequest, "PAGINATION_NUMBER_INVALID");
        }

        // No Link once nothing follows: neither on a short last page nor on a full one that ends the list.
        foreach (var query in new[] { "?n=3&last=b", "?n=2&last=b", "?n=4", "?n=0" })
        {
            using var last = await client.GetAsync($"/v2/{repository}/tags/list{query}");
            last.Headers.Contains("Link").ShouldBeFalse(query);
        }

        using var more = await client.GetAsync($"/v2/{repository}/tags/list?n=3");
        Header(more, "Link").ShouldBe($"</v2/{repository}/tags/list?n=3&last=c>; rel=\"next\"");
    }

    [Fact]
    public async Task TagList_OfAnUnknownRepository_IsNameUnknown()
    {
        using var client = await RootClientAsync();

        using var response = await client.GetAsync($"/v2/{RegistryServerFixture.Unique("dist/missing")}/tags/list");

        await ExpectErrorAsync(response, HttpStatusCode.NotFound, "NAME_UNKNOWN");
    }

    [Fact]
    public async Task Referrers_ListTheManifestsWhoseSubjectIsTheDigest_AndFilterByArtifactType()
    {
        var (client, repository) = await NewRepositoryAsync();
        using var _ = client;
        var (image, imageDigest) = await ImageManifestAsync(client, repository);
        using (var put = await PutManifestAsync(client, repository, "app", OciManifest, image))
        {
            put.StatusCode.ShouldBe(HttpStatusCode.Created);
            put.Headers.Contains("OCI-Subject").ShouldBeFalse();
        }

        const string Sbom = "application/vnd.example.sbom.v1+json";
        const string Signature = "application/vnd.example.signature.v1+json";
        var subject = (imageDigest, (long)image.Length, OciManifest);
        var (sbom, sbomDigest) = await ImageManifestAsync(client, repository, artifactType: Sbom, subject: subject);
        var (signature, signatureDigest) = await ImageManifestAsync(client, repository, artifactType: Signature, subject: subject);
        foreach (var (body, digest) in new[] { (sbom, sbomDigest), (signature, signatureDigest) })
        {
            using var put = await PutManifestAsync(client, repository, digest, OciManifest, body);
            put.StatusCode.ShouldBe(HttpStatusCode.Created, await put.Content.ReadAsStringAsync());
            Header(put, "OCI-Subject").ShouldBe(imageDigest);
        }

        using var all = await client.GetAsync($"/v2/{repository}/referrers/{imageDigest}");
        all.StatusCode.ShouldBe(HttpStatusCode.OK);
        all.Content.Headers.ContentType!.MediaType.ShouldBe(OciIndex);
        all.Headers.Contains("OCI-Filters-Applied").ShouldBeFalse();
        var index = RegistryServerFixture.Json(await all.Content.ReadAsStringAsync());
        index.GetProperty("schemaVersion").GetInt32().ShouldBe(2);
        index.GetProperty("mediaType").GetString().ShouldBe(OciIndex);
        var descriptors = index.GetProperty("manifests").EnumerateArray().ToDictionary(m => m.GetProperty("digest").GetString()!);
        descriptors.Keys.Order(StringComparer.Ordinal).ShouldBe(new[] { sbomDigest, signatureDigest }.Order(StringComparer.Ordinal));
        descriptors[sbomDigest].GetProperty("artifactType").GetString().ShouldBe(Sbom);
        descriptors[sbomDigest].GetProperty("mediaType").GetString().ShouldBe(OciManifest);
        descriptors[sbomDigest].GetProperty("size").GetInt64().ShouldBe(sbom.Length);
        descriptors[signatureDigest].GetProperty("artifactType").GetString().ShouldBe(Signature);

        using var filtered = await client.GetAsync($"/v2/{repository}/referrers/{imageDigest}?artifactType={Uri.EscapeDataString(Sbom)}");
        filtered.StatusCode.ShouldBe(HttpStatusCode.OK);
        Header(filtered, "OCI-Filters-Applied").ShouldBe("artifactType");
        RegistryServerFixture.Json(await filtered.Content.ReadAsStringAsync()).GetProperty("manifests").EnumerateArray()
            .Select(m => m.GetProperty("digest").GetString()).ShouldBe([sbomDigest]);

        // A manifest with a subject but no artifactType is listed with its config's media type.
        var (plain, plainDigest) = await ImageManifestAsync(client, repository, subject: subject);
        using (var put = await PutManifestAsync(client, repository, plainDigest, OciManifest, plain))
        {
            put.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        using var withPlain = await client.GetAsync($"/v2/{repository}/referrers/{imageDigest}");
        RegistryServerFixture.Json(await withPlain.Content.ReadAsStringAsync()).GetProperty("manifests").EnumerateArray()
            .Single(m => m.GetProperty("digest").GetString() == plainDigest).GetProperty("artifactType").GetString()
            .ShouldBe("application/vnd.oci.image.config.v1+json");

        // A subject the repository does not hold is accepted all the same (the spec's order-free push).
        var absent = (Sha256(RandomBytes(16)), 123L, OciManifest);
        var (orphan, orphanDigest) = await ImageManifestAsync(client, repository, artifactType: Sbom, subject: absent);
        using (var put = await PutManifestAsync(client, repository, orphanDigest, OciManifest, orphan))
        {
            put.StatusCode.ShouldBe(HttpStatusCode.Created, await put.Content.ReadAsStringAsync());
            Header(put, "OCI-Subject").ShouldBe(absent.Item1);
        }

        using (var orphans = await client.GetAsync($"/v2/{repository}/referrers/{absent.Item1}"))
        {
            RegistryServerFixture.Json(await orphans.Content.ReadAsStringAsync()).GetProperty("manifests").EnumerateArray()
                .Select(m => m.GetProperty("digest").GetString()).ShouldBe([orphanDigest]);
        }

        // A digest nothing refers to: an empty index, not an error. A malformed one: DIGEST_INVALID.
        using var none = await client.GetAsync($"/v2/{repository}/referrers/{sbomDigest}");
        none.StatusCode.ShouldBe(HttpStatusCode.OK);
        RegistryServerFixture.Json(await none.Content.ReadAsStringAsync()).GetProperty("manifests").GetArrayLength().ShouldBe(0);
        using var malformed = await client.GetAsync($"/v2/{repository}/referrers/sha256:nope");
        await ExpectErrorAsync(malformed, HttpStatusCode.BadRequest, "DIGEST_INVALID");
    }
}
