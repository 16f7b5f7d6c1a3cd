using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace SageKeep.IntegrationTests.Registry;

/// <summary>An OCI image built in the test: its blobs (config first, then layers) and manifest.</summary>
internal sealed record RawImage(byte[] Manifest, byte[] Config, IReadOnlyList<byte[]> Layers)
{
    public const string ManifestMediaType = "application/vnd.oci.image.manifest.v1+json";

    public string Digest => RawImages.Digest(Manifest);

    public string ConfigDigest => RawImages.Digest(Config);

    public IEnumerable<byte[]> Blobs => Layers.Prepend(Config);
}

/// <summary>
/// Small OCI images made here and pushed over /v2/ with a plain HttpClient (monolithic blob uploads, then the
/// manifest PUT), for the tests that need exact control over what the registry holds (shared layers, a layer
/// that is not a tar, a tag moved to another manifest).
/// </summary>
internal static class RawImages
{
    /// <summary>A gzipped tar with the given files (path to text).</summary>
    public static byte[] Layer(IReadOnlyDictionary<string, string> files)
    {
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (path, text) in files)
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, path) { Mode = (UnixFileMode)0b110_100_100, DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) };
                writer.WriteEntry(entry);
            }
        }

        using var compressed = new MemoryStream();
        using (var gz = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gz.Write(tar.ToArray());
        }

        return compressed.ToArray();
    }

    /// <summary>A layer holding one file with unique text: every call gives another digest.</summary>
    public static byte[] UniqueLayer(string name) => Layer(new Dictionary<string, string> { [$"etc/{name}.txt"] = name + " " + Guid.NewGuid().ToString("N") + "\n" });

    /// <summary>An image of the layers; <paramref name="label"/> goes into the config, so two labels give two images.</summary>
    public static RawImage Image(string label, params byte[][] layers)
    {
        var diffIds = string.Join(',', layers.Select(l => $"\"{Digest(Gunzip(l))}\""));
        var config = Encoding.UTF8.GetBytes(
            $$$"""{"architecture":"amd64","os":"linux","config":{"Labels":{"test":"{{{label}}}"}},"rootfs":{"type":"layers","diff_ids":[{{{diffIds}}}]}}""");
        return Build(config, layers, "application/vnd.oci.image.layer.v1.tar+gzip");
    }

    /// <summary>An image whose only layer is random bytes that claim to be a gzipped tar: a scanner cannot read it.</summary>
    public static RawImage Unreadable()
    {
        var layer = RandomNumberGenerator.GetBytes(4096);
        var config = Encoding.UTF8.GetBytes(
            $$$"""{"architecture":"amd64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":["{{{Digest(layer)}}}"]}}""");
        return Build(config, [layer], "application/vnd.oci.image.layer.v1.tar+gzip");
    }

    /// <summary>Uploads every blob and PUTs the manifest under <paramref name="reference"/> (a tag or its digest); returns the manifest response.</summary>
    public static async Task<HttpResponseMessage> PushAsync(HttpClient client, string repository, RawImage image, string reference)
    {
        foreach (var blob in image.Blobs)
        {
            await PushBlobAsync(client, repository, blob);
        }

        return await PutManifestAsync(client, repository, image, reference);
    }

    public static async Task PushBlobAsync(HttpClient client, string repository, byte[] blob)
    {
        using var content = new ByteArrayContent(blob);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await client.PostAsync($"/v2/{repository}/blobs/uploads/?digest={Uri.EscapeDataString(Digest(blob))}", content);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    public static async Task<HttpResponseMessage> PutManifestAsync(HttpClient client, string repository, RawImage image, string reference)
    {
        var content = new ByteArrayContent(image.Manifest);
        content.Headers.ContentType = new MediaTypeHeaderValue(RawImage.ManifestMediaType);
        return await client.PutAsync($"/v2/{repository}/manifests/{reference}", content);
    }

    /// <summary>GET of a manifest with the OCI and Docker media types accepted.</summary>
    public static async Task<HttpResponseMessage> GetManifestAsync(HttpClient client, string repository, string reference)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v2/{repository}/manifests/{reference}");
        request.Headers.Accept.ParseAdd(RawImage.ManifestMediaType);
        request.Headers.Accept.ParseAdd("application/vnd.docker.distribution.manifest.v2+json");
        return await client.SendAsync(request);
    }

    public static string Digest(byte[] data) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(data));

    private static RawImage Build(byte[] config, byte[][] layers, string layerType)
    {
        var descriptors = string.Join(',', layers.Select(l => $$"""{"mediaType":"{{layerType}}","digest":"{{Digest(l)}}","size":{{l.Length}}}"""));
        var manifest = Encoding.UTF8.GetBytes(
            $$"""{"schemaVersion":2,"mediaType":"{{RawImage.ManifestMediaType}}","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{Digest(config)}}","size":{{config.Length}}},"layers":[{{descriptors}}]}""");
        return new RawImage(manifest, config, layers);
    }

    private static byte[] Gunzip(byte[] data)
    {
        using var gz = new GZipStream(new MemoryStream(data), CompressionMode.Decompress);
        using var output = new MemoryStream();
        gz.CopyTo(output);
        return output.ToArray();
    }
}
