using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace SageKeep.UnitTests.Scanning.Images;

/// <summary>
/// Writes OCI image layouts (image-layout.md) and docker save archives from layer blobs, computing digests the
/// way a registry would; tests then bend one piece (a digest, a size, a blob) to exercise a refusal.
/// </summary>
internal sealed class TestImage : IDisposable
{
    public TestImage()
    {
        Root = Path.Combine(Path.GetTempPath(), "sagekeep-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    /// <summary>Temp directory owning everything this image writes; deleted on dispose.</summary>
    public string Root { get; }

    public static string Sha256(byte[] data) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(data));

    public static JsonObject Descriptor(string mediaType, byte[] blob) =>
        new() { ["mediaType"] = mediaType, ["digest"] = Sha256(blob), ["size"] = blob.Length };

    /// <summary>Writes a blob into the layout's blobs/sha256 and returns its descriptor.</summary>
    public JsonObject AddBlob(string layout, string mediaType, byte[] blob)
    {
        var dir = Path.Combine(Root, layout, "blobs", "sha256");
        Directory.CreateDirectory(dir);
        File.WriteAllBytes(Path.Combine(dir, Sha256(blob)[7..]), blob);
        return Descriptor(mediaType, blob);
    }

    /// <summary>An image manifest over gzip layers (each a tar); returns the manifest's descriptor.</summary>
    public JsonObject AddImage(string layout, IEnumerable<byte[]> layerBlobs, string arch = "amd64", string layerMediaType = "application/vnd.oci.image.layer.v1.tar+gzip", Func<JsonObject, JsonObject>? editManifest = null)
    {
        var layers = new JsonArray();
        foreach (var blob in layerBlobs)
        {
            layers.Add(AddBlob(layout, layerMediaType, blob));
        }

        var config = new JsonObject
        {
            ["architecture"] = arch,
            ["os"] = "linux",
            ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray() },
        };
        var configDescriptor = AddBlob(layout, "application/vnd.oci.image.config.v1+json", Encoding.UTF8.GetBytes(config.ToJsonString()));
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.manifest.v1+json",
            ["config"] = configDescriptor,
            ["layers"] = layers,
        };
        manifest = editManifest?.Invoke(manifest) ?? manifest;
        var descriptor = AddBlob(layout, "application/vnd.oci.image.manifest.v1+json", Encoding.UTF8.GetBytes(manifest.ToJsonString()));
        descriptor["platform"] = new JsonObject { ["os"] = "linux", ["architecture"] = arch };
        return descriptor;
    }

    /// <summary>Writes oci-layout and index.json; returns the layout directory.</summary>
    public string WriteLayout(string layout, params JsonObject[] manifests)
    {
        var dir = Path.Combine(Root, layout);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "oci-layout"), """{"imageLayoutVersion":"1.0.0"}""");
        var index = new JsonObject { ["schemaVersion"] = 2, ["manifests"] = new JsonArray([.. manifests.Select(m => (JsonNode)m.DeepClone())]) };
        File.WriteAllText(Path.Combine(dir, "index.json"), index.ToJsonString());
        return dir;
    }

    /// <summary>A one-image OCI layout of the given gzip layer blobs.</summary>
    public string Layout(params byte[][] layerBlobs) => WriteLayout("oci", AddImage("oci", layerBlobs));

    /// <summary>Tars a directory (an OCI layout) into an archive file.</summary>
    public string Archive(string directory, string name)
    {
        var path = Path.Combine(Root, name);
        TarFile.CreateFromDirectory(directory, path, includeBaseDirectory: false);
        return path;
    }

    /// <summary>A legacy docker save archive: manifest.json, config named by its digest, uncompressed layer.tar files.</summary>
    /// <remarks>Like docker's legacy save, a layer equal to an earlier one is written as a symlink to that one's layer.tar.</remarks>
    public string DockerArchive(string name, IReadOnlyList<byte[]> layerTars, Func<int, byte[], string>? diffId = null)
    {
        var dir = Path.Combine(Root, name + "-dir");
        Directory.CreateDirectory(dir);
        var layerPaths = new JsonArray();
        var diffIds = new JsonArray();
        for (var i = 0; i < layerTars.Count; i++)
        {
            var rel = $"layer{i}/layer.tar";
            Directory.CreateDirectory(Path.Combine(dir, $"layer{i}"));
            var earlier = layerTars.Take(i).ToList().FindIndex(t => t.AsSpan().SequenceEqual(layerTars[i]));
            if (earlier >= 0)
            {
                File.CreateSymbolicLink(Path.Combine(dir, rel), $"../layer{earlier}/layer.tar");
            }
            else
            {
                File.WriteAllBytes(Path.Combine(dir, rel), layerTars[i]);
            }

            layerPaths.Add(rel);
            diffIds.Add(diffId?.Invoke(i, layerTars[i]) ?? Sha256(layerTars[i]));
        }

        var config = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["architecture"] = "amd64",
            ["os"] = "linux",
            ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = diffIds },
        }.ToJsonString());
        var configName = Sha256(config)[7..] + ".json";
        File.WriteAllBytes(Path.Combine(dir, configName), config);
        var manifest = new JsonArray(new JsonObject { ["Config"] = configName, ["RepoTags"] = new JsonArray("test/image:1"), ["Layers"] = layerPaths });
        File.WriteAllText(Path.Combine(dir, "manifest.json"), manifest.ToJsonString());
        return Archive(dir, name + ".tar");
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
