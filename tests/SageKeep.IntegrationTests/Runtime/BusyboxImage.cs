using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SageKeep.IntegrationTests.Runtime;

/// <summary>
/// Writes a one-layer OCI image layout (image-spec image-layout.md) built from the host's static busybox: /bin/busybox,
/// applet links, and /usr/local/bin/train, a script that does what the MODE environment variable says. Digests are
/// computed over the exact bytes written (sha256 of the gzip blob; diff_id over the uncompressed tar).
/// </summary>
internal static class BusyboxImage
{
    private static readonly string[] Applets =
    [
        "sh", "cat", "echo", "ls", "nc", "awk", "sleep", "mkdir", "cp", "head", "tr", "grep", "printf", "test",
        "wc", "sed", "env", "id", "touch", "kill", "true", "false", "rm", "[", "dd", "tee", "mkfifo", "ln",
    ];

    private static readonly string[] ImageEnv = ["PATH=/usr/local/bin:/bin", "EXTRA=from-image"];

    private static readonly string[] Directories = ["bin/", "usr/", "usr/local/", "usr/local/bin/", "etc/"];

    public const string TrainScript = """
        #!/bin/sh
        echo "job $TRAINING_JOB_NAME starting in mode $MODE"
        case "$MODE" in
        model)
          cp /opt/ml/input/data/train/data.txt /opt/ml/model/data-copy.txt
          cp /opt/ml/input/config/hyperparameters.json /opt/ml/model/hyperparameters.json
          cp /opt/ml/input/config/inputdataconfig.json /opt/ml/model/inputdataconfig.json
          echo "$TRAINING_JOB_NAME|$TRAINING_JOB_ARN|$EXTRA" > /opt/ml/model/env.txt
          id -u > /opt/ml/model/uid.txt
          grep -E '^(CapEff|CapBnd|NoNewPrivs|Seccomp):' /proc/self/status > /opt/ml/model/status.txt
          cat /proc/self/uid_map > /opt/ml/model/uid_map.txt
          mkdir -p /opt/ml/model/sub && echo nested > /opt/ml/model/sub/file.txt
          touch /opt/ml/input/data/train/new 2>/dev/null && echo data-writable >> /opt/ml/model/violations.txt
          touch /opt/ml/input/config/new 2>/dev/null && echo config-writable >> /opt/ml/model/violations.txt
          touch /rootfs-write 2>/dev/null && echo root-writable >> /opt/ml/model/violations.txt
          echo scratch > /tmp/scratch || echo tmp-not-writable >> /opt/ml/model/violations.txt
          echo "training done"
          ;;
        fail)
          echo "about to fail" >&2
          echo "bad hyperparameter: epochs must be positive" > /opt/ml/output/failure
          exit 3
          ;;
        sleep)
          trap 'echo "got SIGTERM"; exit 0' TERM
          sleep 300 &
          wait
          ;;
        ticks)
          for i in 1 2 3 4 5; do echo "tick $i"; sleep 1; done
          echo survived > /opt/ml/model/survived.txt
          ;;
        hostile)
          mkfifo /opt/ml/output/failure
          ln -s /etc/shadow /opt/ml/model/shadow
          mkfifo /opt/ml/model/pipe
          echo ok > /opt/ml/model/ok.txt
          ;;
        stubborn)
          sleep 300
          ;;
        net)
          cat /proc/net/dev > /opt/ml/model/netdev.txt
          (echo self-loopback | nc -l -p 7001 &)
          sleep 0.3
          nc -w 2 127.0.0.1 7001 > /opt/ml/model/self.txt
          if echo hello | nc -w 2 127.0.0.1 "$PORT"; then echo reached > /opt/ml/model/reached.txt; fi
          echo "net probe done"
          ;;
        oom)
          awk 'BEGIN { s = "0123456789abcdef"; while (1) s = s s }'
          ;;
        metrics)
          echo "epoch 1: train_loss=0.9 val_acc=0.5"
          echo "epoch 2: train_loss=0.5 val_acc=0.75"
          echo "epoch 3: train_loss=0.25 val_acc=0.875"
          echo "not a metric line"
          ;;
        manifest)
          cd /opt/ml/input/data/train && ls -R . > /opt/ml/model/listing.txt
          cat a.txt b/c.txt > /opt/ml/model/joined.txt
          ;;
        script)
          exec sh /opt/ml/input/data/script/run.sh
          ;;
        esac
        """;

    /// <summary>Writes the layout into <paramref name="directory"/> and returns the manifest digest.</summary>
    /// <param name="directory">The (empty) layout directory.</param>
    /// <param name="busybox">The host's static busybox binary.</param>
    /// <param name="extraFiles">More regular files (path without leading slash -> content), e.g. a package database.</param>
    public static string Write(string directory, string busybox, IReadOnlyDictionary<string, string>? extraFiles = null)
    {
        var (layer, diffId) = Layer(busybox, extraFiles ?? new Dictionary<string, string>());
        return WriteLayout(directory, layer, diffId, ImageEnv);
    }

    /// <summary>
    /// Writes a one-layer OCI image layout (config, manifest, index, oci-layout) into
    /// <paramref name="directory"/> and returns the manifest digest.
    /// </summary>
    /// <param name="directory">The (empty) layout directory.</param>
    /// <param name="layer">The gzip-compressed layer tar.</param>
    /// <param name="diffId">The digest of the uncompressed layer.</param>
    /// <param name="env">The image's environment.</param>
    public static string WriteLayout(string directory, byte[] layer, string diffId, IReadOnlyList<string> env)
    {
        var layerDigest = Blob(directory, layer);
        var config = JsonSerializer.SerializeToUtf8Bytes(new
        {
            architecture = "amd64",
            os = "linux",
            config = new { Env = env, WorkingDir = "/" },
            rootfs = new { type = "layers", diff_ids = new[] { diffId } },
        });
        var configDigest = Blob(directory, config);
        var manifest = JsonSerializer.SerializeToUtf8Bytes(new
        {
            schemaVersion = 2,
            mediaType = "application/vnd.oci.image.manifest.v1+json",
            config = new { mediaType = "application/vnd.oci.image.config.v1+json", digest = configDigest, size = config.Length },
            layers = new[] { new { mediaType = "application/vnd.oci.image.layer.v1.tar+gzip", digest = layerDigest, size = layer.Length } },
        });
        var manifestDigest = Blob(directory, manifest);
        var index = JsonSerializer.SerializeToUtf8Bytes(new
        {
            schemaVersion = 2,
            manifests = new[] { new { mediaType = "application/vnd.oci.image.manifest.v1+json", digest = manifestDigest, size = manifest.Length } },
        });
        File.WriteAllBytes(Path.Combine(directory, "index.json"), index);
        File.WriteAllText(Path.Combine(directory, "oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        return manifestDigest;
    }

    private static string Blob(string directory, byte[] content)
    {
        var hex = Convert.ToHexStringLower(SHA256.HashData(content));
        var blobs = Path.Combine(directory, "blobs", "sha256");
        Directory.CreateDirectory(blobs);
        File.WriteAllBytes(Path.Combine(blobs, hex), content);
        return "sha256:" + hex;
    }

    private static (byte[] Gzip, string DiffId) Layer(string busybox, IReadOnlyDictionary<string, string> extraFiles)
    {
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var dir in Directories)
            {
                writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, dir) { Mode = (UnixFileMode)0b111_101_101 });
            }

            using (var data = File.OpenRead(busybox))
            {
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "bin/busybox") { Mode = (UnixFileMode)0b111_101_101, DataStream = data });
            }

            foreach (var applet in Applets)
            {
                writer.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "bin/" + applet) { LinkName = "busybox" });
            }

            var script = new MemoryStream(Encoding.UTF8.GetBytes(TrainScript.Replace("\r", string.Empty, StringComparison.Ordinal) + "\n"));
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "usr/local/bin/train") { Mode = (UnixFileMode)0b111_101_101, DataStream = script });
            var passwd = new MemoryStream(Encoding.UTF8.GetBytes("root:x:0:0:root:/root:/bin/sh\n"));
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "etc/passwd") { Mode = (UnixFileMode)0b110_100_100, DataStream = passwd });
            var written = new HashSet<string>(Directories, StringComparer.Ordinal);
            foreach (var (path, content) in extraFiles)
            {
                var parts = path.Split('/');
                for (var i = 1; i < parts.Length; i++)
                {
                    var parent = string.Join('/', parts[..i]) + "/";
                    if (written.Add(parent))
                    {
                        writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, parent) { Mode = (UnixFileMode)0b111_101_101 });
                    }
                }

                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, path) { Mode = (UnixFileMode)0b110_100_100, DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) });
            }
        }

        var uncompressed = tar.ToArray();
        using var gzip = new MemoryStream();
        using (var compressor = new GZipStream(gzip, CompressionLevel.Fastest, leaveOpen: true))
        {
            compressor.Write(uncompressed);
        }

        return (gzip.ToArray(), "sha256:" + Convert.ToHexStringLower(SHA256.HashData(uncompressed)));
    }
}
