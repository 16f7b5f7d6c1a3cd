using System.Net;
using System.Text.Json;

namespace SageKeep.IntegrationTests.Registry;

/// <summary>
/// The ECR API subset with the aws CLI against a real server: repositories (create, describe with paging, delete with
/// and without force, tag mutability over /v2/), images (list, describe, batch get, batch delete), scanning
/// (configuration, on push, on demand, FAILED, findings paging) and authorization tokens. Errors are checked by
/// their AWS codes.
/// </summary>
public sealed partial class EcrApiTests(RegistryServerFixture fixture) : IClassFixture<RegistryServerFixture>
{
    private const string Region = "us-east-1";

    [Fact]
    public async Task CreateRepository_AnswersUriArnAndSettings_RefusesDuplicatesAndBadNames()
    {
        var name = RegistryServerFixture.Unique("ecr/create");
        var created = await fixture.Aws("ecr", "create-repository", "--repository-name", name, "--image-tag-mutability", "IMMUTABLE", "--image-scanning-configuration", "scanOnPush=true");
        created.ExitCode.ShouldBe(0, created.StdErr);
        var repository = RegistryServerFixture.Json(created.StdOut).GetProperty("repository");
        repository.GetProperty("repositoryName").GetString().ShouldBe(name);
        repository.GetProperty("repositoryUri").GetString().ShouldBe($"{fixture.Host}/{name}");
        repository.GetProperty("registryId").GetString().ShouldBe(RegistryServerFixture.AccountId);
        repository.GetProperty("repositoryArn").GetString().ShouldBe($"arn:aws:ecr:{Region}:{RegistryServerFixture.AccountId}:repository/{name}");
        repository.GetProperty("imageTagMutability").GetString().ShouldBe("IMMUTABLE");
        repository.GetProperty("imageScanningConfiguration").GetProperty("scanOnPush").GetBoolean().ShouldBeTrue();
        repository.GetProperty("createdAt").ValueKind.ShouldBe(JsonValueKind.Number);

        var again = await fixture.Aws("ecr", "create-repository", "--repository-name", name);
        AssertError(again, "RepositoryAlreadyExistsException");
        again.StdErr.ShouldContain(name);

        foreach (var bad in new[] { "Upper/case", "double//slash", "trailing-", "x/-leading", "under__score" })
        {
            var refused = await fixture.Aws("ecr", "create-repository", "--repository-name", bad);
            AssertError(refused, "InvalidParameterException");
            refused.StdErr.ShouldContain("repositoryName");
        }

        var plain = RegistryServerFixture.Unique("ecr/plain");
        var defaults = await fixture.Aws("ecr", "create-repository", "--repository-name", plain);
        defaults.ExitCode.ShouldBe(0, defaults.StdErr);
        var shown = RegistryServerFixture.Json(defaults.StdOut).GetProperty("repository");
        shown.GetProperty("imageTagMutability").GetString().ShouldBe("MUTABLE");
        shown.GetProperty("imageScanningConfiguration").GetProperty("scanOnPush").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task DescribeRepositories_AllByNameAndPaged_WithTheirSettings()
    {
        var prefix = RegistryServerFixture.Unique("ecr/desc");
        var names = Enumerable.Range(0, 5).Select(i => $"{prefix}/r{i}").ToList();
        foreach (var (name, i) in names.Select((n, i) => (n, i)))
        {
            await fixture.CreateRepositoryAsync(name, i % 2 == 0 ? ["--image-tag-mutability", "IMMUTABLE", "--image-scanning-configuration", "scanOnPush=true"] : []);
        }

        // All: every repository once, with its settings.
        var all = await fixture.Aws("ecr", "describe-repositories");
        all.ExitCode.ShouldBe(0, all.StdErr);
        var listed = RegistryServerFixture.Json(all.StdOut).GetProperty("repositories").EnumerateArray().ToList();
        listed.Select(r => r.GetProperty("repositoryName").GetString()).Where(n => n!.StartsWith(prefix, StringComparison.Ordinal)).ShouldBe(names, ignoreOrder: true);
        foreach (var repository in listed.Where(r => r.GetProperty("repositoryName").GetString()!.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var even = names.IndexOf(repository.GetProperty("repositoryName").GetString()!) % 2 == 0;
            repository.GetProperty("imageTagMutability").GetString().ShouldBe(even ? "IMMUTABLE" : "MUTABLE");
            repository.GetProperty("imageScanningConfiguration").GetProperty("scanOnPush").GetBoolean().ShouldBe(even);
            repository.GetProperty("repositoryUri").GetString().ShouldBe($"{fixture.Host}/{repository.GetProperty("repositoryName").GetString()}");
        }

        // By name: exactly those; one missing name fails the call.
        var two = await fixture.Aws("ecr", "describe-repositories", "--repository-names", names[1], names[2]);
        two.ExitCode.ShouldBe(0, two.StdErr);
        RegistryServerFixture.Json(two.StdOut).GetProperty("repositories").EnumerateArray().Select(r => r.GetProperty("repositoryName").GetString()).ShouldBe([names[1], names[2]], ignoreOrder: true);
        var missing = await fixture.Aws("ecr", "describe-repositories", "--repository-names", names[0], prefix + "/none");
        AssertError(missing, "RepositoryNotFoundException");
        missing.StdErr.ShouldContain(prefix + "/none");

        // Pages by hand: maxResults 2 and nextToken, each repository exactly once.
        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            string[] args = ["ecr", "describe-repositories", "--max-results", "2", "--no-paginate"];
            var page = await fixture.Aws(token is null ? args : [.. args, "--next-token", token]);
            page.ExitCode.ShouldBe(0, page.StdErr);
            var root = RegistryServerFixture.Json(page.StdOut);
            var repositories = root.GetProperty("repositories").EnumerateArray().ToList();
            repositories.Count.ShouldBeLessThanOrEqualTo(2);
            seen.AddRange(repositories.Select(r => r.GetProperty("repositoryName").GetString()!));
            token = root.TryGetProperty("nextToken", out var next) ? next.GetString() : null;
            pages++;
        }
        while (token is not null && pages < 100);
        seen.Count.ShouldBe(listed.Count);
        seen.Distinct().Count().ShouldBe(seen.Count);
        pages.ShouldBe((listed.Count + 1) / 2);

        // The CLI's own paging: --page-size pages underneath, --max-items cuts and hands out a NextToken to resume from.
        var paged = await fixture.Aws("ecr", "describe-repositories", "--page-size", "2");
        paged.ExitCode.ShouldBe(0, paged.StdErr);
        RegistryServerFixture.Json(paged.StdOut).GetProperty("repositories").GetArrayLength().ShouldBe(listed.Count);
        var firstThree = await fixture.Aws("ecr", "describe-repositories", "--max-items", "3", "--page-size", "2");
        firstThree.ExitCode.ShouldBe(0, firstThree.StdErr);
        var cut = RegistryServerFixture.Json(firstThree.StdOut);
        cut.GetProperty("repositories").GetArrayLength().ShouldBe(3);
        var rest = await fixture.Aws("ecr", "describe-repositories", "--page-size", "2", "--starting-token", cut.GetProperty("NextToken").GetString()!);
        rest.ExitCode.ShouldBe(0, rest.StdErr);
        cut.GetProperty("repositories").EnumerateArray().Concat(RegistryServerFixture.Json(rest.StdOut).GetProperty("repositories").EnumerateArray())
            .Select(r => r.GetProperty("repositoryName").GetString()).ShouldBe(seen);
    }

    [Fact]
    public async Task DeleteRepository_WithImagesNeedsForce_ThenItsImagesAreGone()
    {
        var name = RegistryServerFixture.Unique("ecr/delete");
        await fixture.CreateRepositoryAsync(name);
        using var client = fixture.RegistryClient(await fixture.LoginPasswordAsync());
        var image = RawImages.Image(name, RawImages.UniqueLayer("delete"));
        (await RawImages.PushAsync(client, name, image, "v1")).StatusCode.ShouldBe(HttpStatusCode.Created);

        var refused = await fixture.Aws("ecr", "delete-repository", "--repository-name", name);
        AssertError(refused, "RepositoryNotEmptyException");
        refused.StdErr.ShouldContain(name);
        (await RawImages.GetManifestAsync(client, name, "v1")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var forced = await fixture.Aws("ecr", "delete-repository", "--repository-name", name, "--force");
        forced.ExitCode.ShouldBe(0, forced.StdErr);
        var repository = RegistryServerFixture.Json(forced.StdOut).GetProperty("repository");
        repository.GetProperty("repositoryName").GetString().ShouldBe(name);
        repository.GetProperty("repositoryArn").GetString().ShouldBe($"arn:aws:ecr:{Region}:{RegistryServerFixture.AccountId}:repository/{name}");
        repository.GetProperty("registryId").GetString().ShouldBe(RegistryServerFixture.AccountId);
        repository.GetProperty("repositoryUri").GetString().ShouldBe($"{fixture.Host}/{name}");

        AssertError(await fixture.Aws("ecr", "describe-repositories", "--repository-names", name), "RepositoryNotFoundException");
        AssertError(await fixture.Aws("ecr", "list-images", "--repository-name", name), "RepositoryNotFoundException");
        using (var gone = await RawImages.GetManifestAsync(client, name, image.Digest))
        {
            gone.StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await gone.Content.ReadAsStringAsync()).ShouldContain("NAME_UNKNOWN");
        }

        // The same name again is a new, empty repository: nothing of the old one comes back.
        await fixture.CreateRepositoryAsync(name);
        (await ImageIdsAsync(name)).ShouldBeEmpty();
        (await RawImages.GetManifestAsync(client, name, image.Digest)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // Empty: no force needed. Missing: RepositoryNotFoundException.
        var empty = await fixture.Aws("ecr", "delete-repository", "--repository-name", name);
        empty.ExitCode.ShouldBe(0, empty.StdErr);
        AssertError(await fixture.Aws("ecr", "delete-repository", "--repository-name", name), "RepositoryNotFoundException");
        AssertError(await fixture.Aws("ecr", "delete-repository", "--repository-name", name, "--force"), "RepositoryNotFoundException");
    }

    [Fact]
    public async Task ImmutableRepository_RefusesMovingATag_AcceptsTheSameDigestAgain_WhileMutableMovesIt()
    {
        using var client = fixture.RegistryClient(await fixture.LoginPasswordAsync());
        var immutable = RegistryServerFixture.Unique("ecr/immutable");
        await fixture.CreateRepositoryAsync(immutable, "--image-tag-mutability", "IMMUTABLE");
        var first = RawImages.Image("first", RawImages.UniqueLayer("first"));
        var second = RawImages.Image("second", RawImages.UniqueLayer("second"));

        (await RawImages.PushAsync(client, immutable, first, "v1")).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await RawImages.PutManifestAsync(client, immutable, first, "v1")).StatusCode.ShouldBe(HttpStatusCode.Created);
        using (var moved = await RawImages.PushAsync(client, immutable, second, "v1"))
        {
            moved.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            var errors = RegistryServerFixture.Json(await moved.Content.ReadAsStringAsync()).GetProperty("errors");
            errors[0].GetProperty("code").GetString().ShouldBe("TAG_INVALID");
            errors[0].GetProperty("message").GetString().ShouldBe($"The image tag 'v1' already exists in the '{immutable}' repository and cannot be overwritten because the repository is immutable.");
        }

        (await DigestOfTagAsync(immutable, "v1")).ShouldBe(first.Digest);
        (await RawImages.PutManifestAsync(client, immutable, second, "v2")).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await RawImages.PutManifestAsync(client, immutable, second, second.Digest)).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await DigestOfTagAsync(immutable, "v2")).ShouldBe(second.Digest);

        // skopeo, a real client, gets the same refusal.
        var password = await fixture.LoginPasswordAsync();
        var copy = await Skopeo.RunAsync("--policy", fixture.PolicyPath, "copy", "--dest-creds", "AWS:" + password, "--dest-cert-dir", fixture.CertDir,
            $"oci:{await ScanImages.BusyboxLayoutAsync(fixture.WorkDir)}:v1", $"docker://{fixture.Host}/{immutable}:v1");
        copy.ExitCode.ShouldNotBe(0);
        copy.StdErr.ShouldContain("cannot be overwritten because the repository is immutable");
        (await DigestOfTagAsync(immutable, "v1")).ShouldBe(first.Digest);

        var mutable = RegistryServerFixture.Unique("ecr/mutable");
        await fixture.CreateRepositoryAsync(mutable);
        (await RawImages.PushAsync(client, mutable, first, "v1")).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await RawImages.PushAsync(client, mutable, second, "v1")).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await DigestOfTagAsync(mutable, "v1")).ShouldBe(second.Digest);
        var untagged = await fixture.Aws("ecr", "list-images", "--repository-name", mutable, "--filter", "tagStatus=UNTAGGED");
        untagged.ExitCode.ShouldBe(0, untagged.StdErr);
        RegistryServerFixture.Json(untagged.StdOut).GetProperty("imageIds").EnumerateArray().Select(i => i.GetProperty("imageDigest").GetString()).ShouldBe([first.Digest]);
    }

    private async Task<string?> DigestOfTagAsync(string repository, string tag)
    {
        var (code, stdout, stderr) = await fixture.Aws("ecr", "describe-images", "--repository-name", repository, "--image-ids", "imageTag=" + tag);
        code.ShouldBe(0, stderr);
        return RegistryServerFixture.Json(stdout).GetProperty("imageDetails")[0].GetProperty("imageDigest").GetString();
    }

    private async Task<List<JsonElement>> ImageIdsAsync(string repository, params string[] extra)
    {
        var (code, stdout, stderr) = await fixture.Aws(["ecr", "list-images", "--repository-name", repository, .. extra]);
        code.ShouldBe(0, stderr);
        return [.. RegistryServerFixture.Json(stdout).GetProperty("imageIds").EnumerateArray()];
    }

    private static void AssertError((int ExitCode, string StdOut, string StdErr) result, string code)
    {
        result.ExitCode.ShouldNotBe(0, result.StdOut);
        result.StdErr.ShouldContain($"({code})");
    }
}
