using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SageKeep.IntegrationTests.Registry;

/// <summary>
/// The OCI distribution API (distribution-spec v1.1, its conformance suite as the model) spoken with raw HTTP
/// requests against a real <c>sagekeep serve</c>: status codes, the headers clients rely on
/// (Docker-Content-Digest, Location, Range, Content-Range, Docker-Upload-UUID, Link, OCI-Subject) and the
/// <c>{"errors":[{"code","message"}]}</c> shape of every refusal. The base check and authentication are here;
/// uploads, blobs, manifests, tags and referrers, access and robustness are in the other parts.
/// </summary>
public sealed partial class DistributionApiTests(RegistryServerFixture fixture) : IClassFixture<RegistryServerFixture>
{
    private const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    private const string OciIndex = "application/vnd.oci.image.index.v1+json";
    private const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    private const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";

    private string? _password;

    [Fact]
    public async Task ApiVersionCheck_WithAToken_Answers200AndTheApiVersionHeader()
    {
        using var client = await RootClientAsync();
        using var response = await client.GetAsync("/v2/");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        Header(response, "Docker-Distribution-API-Version").ShouldBe("registry/2.0");
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
    }

    [Fact]
    public async Task ApiVersionCheck_WithoutCredentials_Answers401WithABasicChallenge()
    {
        using var client = fixture.Server.CreateClient();
        using var response = await client.GetAsync("/v2/");

        await ExpectErrorAsync(response, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        var challenge = response.Headers.WwwAuthenticate.ShouldHaveSingleItem();
        challenge.Scheme.ShouldBe("Basic");
        challenge.Parameter.ShouldNotBeNull().ShouldStartWith("realm=");
        Header(response, "Docker-Distribution-API-Version").ShouldBe("registry/2.0");

        // Every other endpoint asks the same before revealing whether a repository exists.
        using var manifest = await client.GetAsync("/v2/some/repo/manifests/latest");
        await ExpectErrorAsync(manifest, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task ApiVersionCheck_WithAForgedOrGarbageToken_Answers401()
    {
        var password = await PasswordAsync();

        // One character of the sealed token changed: authenticated encryption refuses it.
        var middle = password.Length / 2;
        var forged = password[..middle] + (password[middle] == 'A' ? 'B' : 'A') + password[(middle + 1)..];
        string[] badPasswords = [forged, "garbage", string.Empty, password + "x"];
        foreach (var bad in badPasswords)
        {
            using var client = fixture.RegistryClient(bad);
            using var response = await client.GetAsync("/v2/");
            await ExpectErrorAsync(response, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        }

        // The real token under another user name, or as a Bearer token, is not ECR's Basic form either.
        using (var other = fixture.Server.CreateClient())
        {
            other.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + password)));
            using var response = await other.GetAsync("/v2/");
            await ExpectErrorAsync(response, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        }

        using (var bearer = fixture.Server.CreateClient())
        {
            bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", password);
            using var response = await bearer.GetAsync("/v2/");
            await ExpectErrorAsync(response, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        }

        using (var garbage = fixture.Server.CreateClient())
        {
            garbage.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Basic !!!not-base64!!!");
            using var response = await garbage.GetAsync("/v2/");
            await ExpectErrorAsync(response, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        }
    }

    private async Task<string> PasswordAsync() => _password ??= await fixture.LoginPasswordAsync();

    private async Task<HttpClient> RootClientAsync() => fixture.RegistryClient(await PasswordAsync());

    /// <summary>A new repository (created with the aws CLI, as ECR needs before a push) and a root client for it.</summary>
    private async Task<(HttpClient Client, string Repository)> NewRepositoryAsync(string prefix = "dist/app")
    {
        var repository = RegistryServerFixture.Unique(prefix);
        await fixture.CreateRepositoryAsync(repository);
        return (await RootClientAsync(), repository);
    }

    private string RegistryDirectory => Path.Combine(fixture.Server.DataDir, "registry");

    private string BlobPath(string digest) => Path.Combine(RegistryDirectory, "blobs", "sha256", digest["sha256:".Length..]);

    private string[] UploadDirectories() => Directory.GetDirectories(Path.Combine(RegistryDirectory, "uploads"));

    private static byte[] RandomBytes(int count) => RandomNumberGenerator.GetBytes(count);

    private static string Sha256(byte[] content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));

    private static ByteArrayContent Octets(byte[] content)
    {
        var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return body;
    }

    /// <summary>A header from the response or its content (Content-Range, Content-Length live there).</summary>
    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(",", values)
            : null;

    /// <summary>The status, a JSON body of the registry's error shape and the code in its first error.</summary>
    private static async Task ExpectErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, text);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/json", text);
        var error = JsonDocument.Parse(text).RootElement.GetProperty("errors").EnumerateArray().First();
        error.GetProperty("code").GetString().ShouldBe(code, text);
        error.GetProperty("message").GetString().ShouldNotBeNullOrWhiteSpace();
    }

    /// <summary>Pushes a blob with one monolithic POST and checks the answer.</summary>
    private static async Task<string> PushBlobAsync(HttpClient client, string repository, byte[] content)
    {
        var digest = Sha256(content);
        using var response = await client.PostAsync($"/v2/{repository}/blobs/uploads/?digest={digest}", Octets(content));
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return digest;
    }

    private static async Task<HttpResponseMessage> PutManifestAsync(HttpClient client, string repository, string reference, string mediaType, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return await client.PutAsync($"/v2/{repository}/manifests/{reference}", content);
    }

    /// <summary>A config and a layer pushed to the repository, and an image manifest (OCI or Docker schema 2) over them.</summary>
    private static async Task<(byte[] Manifest, string Digest)> ImageManifestAsync(
        HttpClient client, string repository, string mediaType = OciManifest, string? artifactType = null, (string Digest, long Size, string MediaType)? subject = null, string architecture = "amd64")
    {
        var docker = mediaType == DockerManifest;
        var config = Encoding.UTF8.GetBytes($$"""{"architecture":"{{architecture}}","os":"linux","rootfs":{"type":"layers","diff_ids":[]},"id":"{{Guid.NewGuid():N}}"}""");
        var layer = RandomBytes(1500);
        var configDigest = await PushBlobAsync(client, repository, config);
        var layerDigest = await PushBlobAsync(client, repository, layer);
        var manifest = new Dictionary<string, object>
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = mediaType,
            ["config"] = new Dictionary<string, object>
            {
                ["mediaType"] = docker ? "application/vnd.docker.container.image.v1+json" : artifactType is null ? "application/vnd.oci.image.config.v1+json" : "application/vnd.oci.empty.v1+json",
                ["digest"] = configDigest,
                ["size"] = config.Length,
            },
            ["layers"] = new[]
            {
                new Dictionary<string, object>
                {
                    ["mediaType"] = docker ? "application/vnd.docker.image.rootfs.diff.tar.gzip" : "application/vnd.oci.image.layer.v1.tar+gzip",
                    ["digest"] = layerDigest,
                    ["size"] = layer.Length,
                },
            },
        };
        if (artifactType is not null)
        {
            manifest["artifactType"] = artifactType;
        }

        if (subject is { } s)
        {
            manifest["subject"] = new Dictionary<string, object> { ["mediaType"] = s.MediaType, ["digest"] = s.Digest, ["size"] = s.Size };
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(manifest);
        return (body, Sha256(body));
    }

    /// <summary>An index (OCI or Docker manifest list) over the given children, one platform each.</summary>
    private static byte[] IndexOf(string mediaType, params (string MediaType, string Digest, long Size, string Architecture)[] children) =>
        JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = mediaType,
            ["manifests"] = children.Select(c => new Dictionary<string, object>
            {
                ["mediaType"] = c.MediaType,
                ["digest"] = c.Digest,
                ["size"] = c.Size,
                ["platform"] = new Dictionary<string, string> { ["architecture"] = c.Architecture, ["os"] = "linux" },
            }).ToArray(),
        });
}
