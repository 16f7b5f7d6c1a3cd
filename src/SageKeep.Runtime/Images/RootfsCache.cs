using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using SageKeep.Runtime.Oci;
using SageKeep.Scanning.Images;
using SageKeep.Scanning.Layers;

namespace SageKeep.Runtime.Images;

/// <summary>
/// Root filesystems keyed by image digest, unpacked once: into a temporary directory, then renamed into place, so a
/// reader sees either nothing or a complete tree. Files are owned by the ids of the containers' user namespace and
/// the mount points every container needs are created up front, so runc never writes into the shared tree.
/// </summary>
public sealed partial class RootfsCache
{
    private static readonly (string Path, UnixFileMode Mode)[] MountPoints =
    [
        ("/proc", (UnixFileMode)0b101_101_101),
        ("/sys", (UnixFileMode)0b101_101_101),
        ("/dev", (UnixFileMode)0b111_101_101),
        // tmpfs ignores mode= on an existing mount point: the directory itself must be 1777 (sticky, world-writable).
        ("/tmp", (UnixFileMode)0b1_111_111_111),
        ("/opt/ml/input/config", (UnixFileMode)0b111_101_101),
        ("/opt/ml/input/data", (UnixFileMode)0b111_101_101),
        ("/opt/ml/model", (UnixFileMode)0b111_101_101),
        ("/opt/ml/output", (UnixFileMode)0b111_101_101),
    ];

    private readonly string _root;
    private readonly RootfsExtractionOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    public RootfsCache(string cacheDirectory, UserNamespaceMapping mapping, ILogger logger, RootfsExtractionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        _root = Path.GetFullPath(cacheDirectory);
        _logger = logger;
        _options = (options ?? new RootfsExtractionOptions()) with { IdOffset = mapping.HostId, IdCount = mapping.Size };
        Directory.CreateDirectory(_root);
        File.SetUnixFileMode(_root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
    }

    /// <summary>Returns the unpacked image, unpacking it first when this digest is not cached yet.</summary>
    /// <exception cref="RootfsRefusedException">The image is unreadable, fails verification or holds a refused entry.</exception>
    public async Task<CachedRootfs> GetAsync(ImageSource source, CancellationToken cancellationToken)
    {
        using var image = await RootfsImage.OpenAsync(source, _options with { TempRoot = _root }, cancellationToken).ConfigureAwait(false);
        var key = Key(image.Digest);
        var target = Path.Combine(_root, key);
        var gate = _locks.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!Directory.Exists(target))
            {
                await UnpackAsync(image, target, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            gate.Release();
        }

        return new CachedRootfs(image.Digest, Path.Combine(target, "rootfs"), ImageConfig.Parse(await File.ReadAllBytesAsync(Path.Combine(target, "config.json"), cancellationToken).ConfigureAwait(false)));
    }

    private async Task UnpackAsync(RootfsImage image, string target, CancellationToken cancellationToken)
    {
        var temp = Path.Combine(_root, ".tmp-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(temp);
        try
        {
            var rootfs = Path.Combine(temp, "rootfs");
            await image.ExtractToAsync(rootfs, cancellationToken).ConfigureAwait(false);
            foreach (var (path, mode) in MountPoints)
            {
                RootfsImage.PrepareDirectory(rootfs, path, mode, _options);
            }

            PrepareHostsFile(rootfs);
            await File.WriteAllBytesAsync(Path.Combine(temp, "config.json"), image.ConfigJson.ToArray(), cancellationToken).ConfigureAwait(false);
            Directory.Move(temp, target);
            Log.ImageUnpacked(_logger, image.Digest);
        }
        catch
        {
            Directory.Delete(temp, recursive: true);
            throw;
        }
    }

    /// <summary>
    /// The mount point of the /etc/hosts a distributed run's containers get (a file bind mount): an empty file when the
    /// image has none. An /etc or /etc/hosts that is a link is left alone (runc resolves it inside the rootfs).
    /// </summary>
    private void PrepareHostsFile(string rootfs)
    {
        var etc = Path.Combine(rootfs, "etc");
        if (!Directory.Exists(etc) && new FileInfo(etc).LinkTarget is null)
        {
            RootfsImage.PrepareDirectory(rootfs, "/etc", (UnixFileMode)0b111_101_101, _options);
        }

        var hosts = Path.Combine(etc, "hosts");
        if (new DirectoryInfo(etc).LinkTarget is null && Directory.Exists(etc) && !Path.Exists(hosts) && new FileInfo(hosts).LinkTarget is null)
        {
            File.WriteAllBytes(hosts, []);
            File.SetUnixFileMode(hosts, (UnixFileMode)0b110_100_100);
            Jobs.Native.LChown(hosts, _options.IdOffset, _options.IdOffset);
        }
    }

    /// <summary>Removes temporary directories an interrupted unpack left behind.</summary>
    public void RemoveLeftovers()
    {
        foreach (var directory in Directory.EnumerateDirectories(_root, ".tmp-*"))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string Key(string digest) =>
        DigestPattern().IsMatch(digest) ? digest.Replace(':', '-') : throw new RootfsRefusedException($"image digest {digest} is malformed");

    [GeneratedRegex("^sha(256|512):[0-9a-f]{64,128}$")]
    private static partial Regex DigestPattern();
}
