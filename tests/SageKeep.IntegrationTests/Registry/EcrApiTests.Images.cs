using System.Net;
using System.Text;
using System.Text.Json;

namespace SageKeep.IntegrationTests.Registry;

/// <summary>ListImages, DescribeImages, BatchGetImage and BatchDeleteImage against images pushed over /v2/.</summary>
public sealed partial class EcrApiTests
{
    /// <summary>Three images: A tagged t1 and t2, B tagged t3, C untagged (pushed by digest).</summary>
    private async Task<(string Repository, RawImage A, RawImage B, RawImage C, HttpClient Client)> ThreeImagesAsync(string prefix)
    {
        var repository = RegistryServerFixture.Unique(prefix);
        await fixture.CreateRepositoryAsync(repository);
        var client = fixture.RegistryClient(await fixture.LoginPasswordAsync());
        var a = RawImages.Image("a", RawImages.UniqueLayer("a"));
        var b = RawImages.Image("b", RawImages.UniqueLayer("b"), RawImages.UniqueLayer("b2"));
        var c = RawImages.Image("c", RawImages.UniqueLayer("c"));
        (await RawImages.PushAsync(client, repository, a, "t1")).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await RawImages.PutManifestAsync(client, repository, a, "t2")).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await RawImages.PushAsync(client, repository, b, "t3")).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await RawImages.PushAsync(client, repository, c, c.Digest)).StatusCode.ShouldBe(HttpStatusCode.Created);
        return (repository, a, b, c, client);
    }

    [Fact]
    public async Task ListImages_FiltersByTagStatus_AndPagesEveryIdOnce()
    {
        var (repository, a, b, c, client) = await ThreeImagesAsync("ecr/list");
        using var owned = client;

        static string Key(JsonElement id) => id.GetProperty("imageDigest").GetString() + "|" + (id.TryGetProperty("imageTag", out var t) ? t.GetString() : "-");
        string[] expected = [$"{a.Digest}|t1", $"{a.Digest}|t2", $"{b.Digest}|t3", $"{c.Digest}|-"];
        (await ImageIdsAsync(repository)).Select(Key).ShouldBe(expected, ignoreOrder: true);
        (await ImageIdsAsync(repository, "--filter", "tagStatus=TAGGED")).Select(Key).ShouldBe(expected[..3], ignoreOrder: true);
        (await ImageIdsAsync(repository, "--filter", "tagStatus=UNTAGGED")).Select(Key).ShouldBe([expected[3]]);
        (await ImageIdsAsync(repository, "--filter", "tagStatus=ANY")).Count.ShouldBe(4);

        // By hand, one id per page.
        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            string[] args = ["ecr", "list-images", "--repository-name", repository, "--max-results", "1", "--no-paginate"];
            var page = await fixture.Aws(token is null ? args : [.. args, "--next-token", token]);
            page.ExitCode.ShouldBe(0, page.StdErr);
            var root = RegistryServerFixture.Json(page.StdOut);
            seen.AddRange(root.GetProperty("imageIds").EnumerateArray().Select(Key));
            token = root.TryGetProperty("nextToken", out var next) ? next.GetString() : null;
            pages++;
        }
        while (token is not null && pages < 20);
        pages.ShouldBe(4);
        seen.ShouldBe(expected, ignoreOrder: true);

        // The CLI's paging and a token that is not one of ours.
        (await ImageIdsAsync(repository, "--page-size", "1", "--filter", "tagStatus=TAGGED")).Select(Key).ShouldBe(expected[..3], ignoreOrder: true);
        AssertError(await fixture.Aws("ecr", "list-images", "--repository-name", repository, "--no-paginate", "--next-token", "not-a-token"), "InvalidParameterException");
        AssertError(await fixture.Aws("ecr", "list-images", "--repository-name", repository + "-none"), "RepositoryNotFoundException");
    }

    [Fact]
    public async Task DescribeImages_ShowsTagsSizePushTimeAndMediaType_ByIds_AndImageNotFound()
    {
        var before = DateTimeOffset.UtcNow.AddMinutes(-5);
        var (repository, a, b, c, client) = await ThreeImagesAsync("ecr/describe");
        using var owned = client;
        var after = DateTimeOffset.UtcNow.AddMinutes(5);

        var all = await fixture.Aws("ecr", "describe-images", "--repository-name", repository);
        all.ExitCode.ShouldBe(0, all.StdErr);
        var details = RegistryServerFixture.Json(all.StdOut).GetProperty("imageDetails").EnumerateArray().ToDictionary(d => d.GetProperty("imageDigest").GetString()!);
        details.Keys.ShouldBe([a.Digest, b.Digest, c.Digest], ignoreOrder: true);
        foreach (var image in new[] { a, b, c })
        {
            var detail = details[image.Digest];
            detail.GetProperty("registryId").GetString().ShouldBe(RegistryServerFixture.AccountId);
            detail.GetProperty("repositoryName").GetString().ShouldBe(repository);
            detail.GetProperty("imageSizeInBytes").GetInt64().ShouldBe(image.Blobs.Sum(blob => (long)blob.Length));
            detail.GetProperty("imageManifestMediaType").GetString().ShouldBe(RawImage.ManifestMediaType);
            var pushed = DateTimeOffset.FromUnixTimeMilliseconds((long)(detail.GetProperty("imagePushedAt").GetDouble() * 1000));
            pushed.ShouldBeInRange(before, after);
            detail.TryGetProperty("imageScanStatus", out _).ShouldBeFalse();
        }

        details[a.Digest].GetProperty("imageTags").EnumerateArray().Select(t => t.GetString()).ShouldBe(["t1", "t2"], ignoreOrder: true);
        details[b.Digest].GetProperty("imageTags").EnumerateArray().Select(t => t.GetString()).ShouldBe(["t3"]);
        details[c.Digest].TryGetProperty("imageTags", out _).ShouldBeFalse();

        // By ids: a tag, a digest, the same image twice is one detail.
        var byIds = await fixture.Aws("ecr", "describe-images", "--repository-name", repository, "--image-ids", "imageTag=t3", $"imageDigest={a.Digest}", "imageTag=t1");
        byIds.ExitCode.ShouldBe(0, byIds.StdErr);
        RegistryServerFixture.Json(byIds.StdOut).GetProperty("imageDetails").EnumerateArray().Select(d => d.GetProperty("imageDigest").GetString()).ShouldBe([b.Digest, a.Digest], ignoreOrder: true);

        var tagged = await fixture.Aws("ecr", "describe-images", "--repository-name", repository, "--filter", "tagStatus=UNTAGGED");
        tagged.ExitCode.ShouldBe(0, tagged.StdErr);
        RegistryServerFixture.Json(tagged.StdOut).GetProperty("imageDetails").EnumerateArray().Select(d => d.GetProperty("imageDigest").GetString()).ShouldBe([c.Digest]);

        var missingTag = await fixture.Aws("ecr", "describe-images", "--repository-name", repository, "--image-ids", "imageTag=nope");
        AssertError(missingTag, "ImageNotFoundException");
        missingTag.StdErr.ShouldContain("nope");
        var missingDigest = "sha256:" + new string('0', 64);
        AssertError(await fixture.Aws("ecr", "describe-images", "--repository-name", repository, "--image-ids", "imageDigest=" + missingDigest), "ImageNotFoundException");
        AssertError(await fixture.Aws("ecr", "describe-images", "--repository-name", repository + "-none"), "RepositoryNotFoundException");
    }

    [Fact]
    public async Task BatchGetImage_ReturnsTheBytesTheRegistryServes_AndFailuresForWhatIsMissing()
    {
        var (repository, a, b, _, client) = await ThreeImagesAsync("ecr/batchget");
        using var owned = client;
        var missingDigest = "sha256:" + new string('1', 64);
        var ids = JsonSerializer.Serialize(new object[]
        {
            new { imageTag = "t1" },
            new { imageDigest = b.Digest },
            new { imageTag = "nope" },
            new { imageDigest = missingDigest },
            new { imageDigest = "sha256:xyz" },
            new { imageTag = "bad tag!" },
            new { imageDigest = a.Digest, imageTag = "t3" },
        });
        var got = await fixture.Aws("ecr", "batch-get-image", "--repository-name", repository, "--image-ids", ids,
            "--accepted-media-types", RawImage.ManifestMediaType, "application/vnd.docker.distribution.manifest.v2+json");
        got.ExitCode.ShouldBe(0, got.StdErr);
        var root = RegistryServerFixture.Json(got.StdOut);

        var images = root.GetProperty("images").EnumerateArray().ToList();
        images.Count.ShouldBe(2);
        foreach (var (image, expected, tag) in new[] { (images[0], a, "t1"), (images[1], b, (string?)null) })
        {
            image.GetProperty("registryId").GetString().ShouldBe(RegistryServerFixture.AccountId);
            image.GetProperty("repositoryName").GetString().ShouldBe(repository);
            image.GetProperty("imageId").GetProperty("imageDigest").GetString().ShouldBe(expected.Digest);
            if (tag is null)
            {
                image.GetProperty("imageId").TryGetProperty("imageTag", out _).ShouldBeFalse();
            }
            else
            {
                image.GetProperty("imageId").GetProperty("imageTag").GetString().ShouldBe(tag);
            }

            image.GetProperty("imageManifestMediaType").GetString().ShouldBe(RawImage.ManifestMediaType);
            var manifest = image.GetProperty("imageManifest").GetString()!;
            RawImages.Digest(Encoding.UTF8.GetBytes(manifest)).ShouldBe(expected.Digest);
            using var served = await RawImages.GetManifestAsync(client, repository, expected.Digest);
            served.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await served.Content.ReadAsByteArrayAsync()).ShouldBe(Encoding.UTF8.GetBytes(manifest));
        }

        var failures = root.GetProperty("failures").EnumerateArray().ToList();
        failures.Count.ShouldBe(5);
        string Code(int i) => failures[i].GetProperty("failureCode").GetString()!;
        failures[0].GetProperty("imageId").GetProperty("imageTag").GetString().ShouldBe("nope");
        Code(0).ShouldBe("ImageNotFound");
        failures[0].GetProperty("failureReason").GetString().ShouldBe("Requested image not found");
        failures[1].GetProperty("imageId").GetProperty("imageDigest").GetString().ShouldBe(missingDigest);
        Code(1).ShouldBe("ImageNotFound");
        Code(2).ShouldBe("InvalidImageDigest");
        Code(3).ShouldBe("InvalidImageTag");
        Code(4).ShouldBe("ImageTagDoesNotMatchDigest");

        AssertError(await fixture.Aws("ecr", "batch-get-image", "--repository-name", repository + "-none", "--image-ids", "imageTag=t1"), "RepositoryNotFoundException");
    }

    [Fact]
    public async Task BatchDeleteImage_ByTagAndDigest_TheLastTagTakesTheImage_AndTheRegistryNoLongerServesIt()
    {
        var (repository, a, b, c, client) = await ThreeImagesAsync("ecr/batchdel");
        using var owned = client;

        // One of A's two tags: the tag goes, the image stays.
        var one = await fixture.Aws("ecr", "batch-delete-image", "--repository-name", repository, "--image-ids", "imageTag=t1");
        one.ExitCode.ShouldBe(0, one.StdErr);
        var deleted = RegistryServerFixture.Json(one.StdOut);
        deleted.GetProperty("imageIds").EnumerateArray().Single().GetProperty("imageTag").GetString().ShouldBe("t1");
        deleted.GetProperty("imageIds")[0].GetProperty("imageDigest").GetString().ShouldBe(a.Digest);
        deleted.GetProperty("failures").GetArrayLength().ShouldBe(0);
        (await RawImages.GetManifestAsync(client, repository, "t1")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await RawImages.GetManifestAsync(client, repository, a.Digest)).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Its last tag: the image goes with it.
        var last = await fixture.Aws("ecr", "batch-delete-image", "--repository-name", repository, "--image-ids", "imageTag=t2");
        last.ExitCode.ShouldBe(0, last.StdErr);
        using (var gone = await RawImages.GetManifestAsync(client, repository, a.Digest))
        {
            gone.StatusCode.ShouldBe(HttpStatusCode.NotFound);
            RegistryServerFixture.Json(await gone.Content.ReadAsStringAsync()).GetProperty("errors")[0].GetProperty("code").GetString().ShouldBe("MANIFEST_UNKNOWN");
        }

        // By digest: the image and every tag on it; missing ones are failures, not an error.
        var missingDigest = "sha256:" + new string('2', 64);
        var ids = JsonSerializer.Serialize(new object[] { new { imageDigest = b.Digest }, new { imageTag = "nope" }, new { imageDigest = missingDigest }, new { imageDigest = a.Digest } });
        var byDigest = await fixture.Aws("ecr", "batch-delete-image", "--repository-name", repository, "--image-ids", ids);
        byDigest.ExitCode.ShouldBe(0, byDigest.StdErr);
        var result = RegistryServerFixture.Json(byDigest.StdOut);
        result.GetProperty("imageIds").EnumerateArray().Select(i => i.GetProperty("imageDigest").GetString()).ShouldBe([b.Digest]);
        var failures = result.GetProperty("failures").EnumerateArray().ToList();
        failures.Select(f => f.GetProperty("failureCode").GetString()).ShouldBe(["ImageNotFound", "ImageNotFound", "ImageNotFound"]);
        failures[0].GetProperty("imageId").GetProperty("imageTag").GetString().ShouldBe("nope");
        failures[1].GetProperty("imageId").GetProperty("imageDigest").GetString().ShouldBe(missingDigest);
        (await RawImages.GetManifestAsync(client, repository, "t3")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await RawImages.GetManifestAsync(client, repository, b.Digest)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using (var tags = await client.GetAsync($"/v2/{repository}/tags/list"))
        {
            RegistryServerFixture.Json(await tags.Content.ReadAsStringAsync()).GetProperty("tags").GetArrayLength().ShouldBe(0);
        }

        var untagged = await fixture.Aws("ecr", "batch-delete-image", "--repository-name", repository, "--image-ids", "imageDigest=" + c.Digest);
        untagged.ExitCode.ShouldBe(0, untagged.StdErr);
        (await ImageIdsAsync(repository)).ShouldBeEmpty();
        (await RawImages.GetManifestAsync(client, repository, c.Digest)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        AssertError(await fixture.Aws("ecr", "batch-delete-image", "--repository-name", repository + "-none", "--image-ids", "imageTag=t1"), "RepositoryNotFoundException");
    }
}
