using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace SageKeep.IntegrationTests.Inference;

/// <summary>
/// A one-layer OCI image layout for serving, built from the host's static busybox: <c>serve</c> runs
/// <c>nc -ll -p $SAGEMAKER_BIND_TO_PORT -e handle</c> (8080 when unset) (a process per connection) and <c>handle</c> is a small HTTP/1.1 responder in sh:
/// SERVE_DELAY seconds before listening, GET /ping (500 when SERVE_MODE=sick or once an invocation "sicken" created /tmp/sick), POST /invocations answering "&lt;answer.txt from /opt/ml/model&gt;:&lt;body&gt;"
/// as application/x-answer, a 400 for bodies starting with "error", and "probe" reporting the container's interfaces
/// and whether HOST_ADDR:HOST_PORT can be reached.
/// </summary>
internal static class ServingImage
{
    private static readonly string[] ImageEnv = ["PATH=/usr/local/bin:/bin"];

    private static readonly string[] Applets = ["sh", "cat", "echo", "nc", "head", "tail", "cut", "tr", "printf", "test", "[", "ls", "sleep", "true"];

    public const string ServeScript = """
        #!/bin/sh
        port=${SAGEMAKER_BIND_TO_PORT:-8080}
        echo "serving on $port with model files: $(ls /opt/ml/model | tr '\n' ' ')"
        if [ -n "$SERVE_DELAY" ]; then sleep "$SERVE_DELAY"; fi
        if [ "$SERVE_MODE" = "crash" ]; then echo "cannot load the model" >&2; exit 4; fi
        exec nc -ll -p "$port" -e /usr/local/bin/handle
        """;

    public const string HandleScript = """
        #!/bin/sh
        cr=$(printf '\r')
        read -r method path proto
        len=0
        attrs=none
        while IFS= read -r line; do
          line=${line%"$cr"}
          [ -z "$line" ] && break
          case "$line" in
            [Cc]ontent-[Ll]ength:*) len=${line#*:}; len=${len# } ;;
            [Xx]-[Aa]mzn-[Ss]age[Mm]aker-[Cc]ustom-[Aa]ttributes:*) attrs=${line#*:}; attrs=${attrs# } ;;
          esac
        done
        body=
        if [ "$len" -gt 0 ]; then body=$(head -c "$len"); fi
        respond() {
          printf 'HTTP/1.1 %s\r\nContent-Type: %s\r\nContent-Length: %s\r\nX-Amzn-SageMaker-Custom-Attributes: %s\r\nConnection: close\r\n\r\n%s' "$1" "$2" "${#3}" "$attrs" "$3"
        }
        case "$path" in
          /ping)
            if [ "$SERVE_MODE" = "sick" ] || [ -e /tmp/sick ]; then respond "500 Internal Server Error" text/plain "sick"; else respond "200 OK" text/plain ""; fi
            ;;
          /invocations)
            case "$body" in
              sicken) : > /tmp/sick; respond "200 OK" text/plain "sickened" ;;
              error*) echo "rejecting input $body" >&2; respond "400 Bad Request" text/plain "cannot parse input: $body" ;;
              probe)
                ifs=$(tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' | tr '\n' ',')
                if echo hi | nc -w 2 "$HOST_ADDR" "$HOST_PORT" >/dev/null 2>&1; then r=reached; else r=unreachable; fi
                respond "200 OK" text/plain "interfaces=$ifs host=$r"
                ;;
              *) respond "200 OK" application/x-answer "$(cat /opt/ml/model/answer.txt):$body" ;;
            esac
            ;;
          *) respond "404 Not Found" text/plain "no such path" ;;
        esac
        """;

    /// <summary>Writes the layout into <paramref name="directory"/>.</summary>
    public static void Write(string directory, string busybox)
    {
        var (layer, diffId) = Layer(busybox);
        _ = Runtime.BusyboxImage.WriteLayout(directory, layer, diffId, ImageEnv);
    }

    /// <summary>A model.tar.gz holding answer.txt (and a file under a directory).</summary>
    public static byte[] ModelArchive(string answer)
    {
        using var gzip = new MemoryStream();
        using (var compressor = new GZipStream(gzip, CompressionLevel.Fastest, leaveOpen: true))
        using (var writer = new TarWriter(compressor, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "answer.txt") { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(answer)) });
            writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "weights/"));
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "weights/layer0.bin") { DataStream = new MemoryStream([1, 2, 3]) });
        }

        return gzip.ToArray();
    }

    private static (byte[] Gzip, string DiffId) Layer(string busybox)
    {
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var dir in new[] { "bin/", "usr/", "usr/local/", "usr/local/bin/", "etc/" })
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

            foreach (var (name, text) in new[] { ("serve", ServeScript), ("handle", HandleScript) })
            {
                var script = new MemoryStream(Encoding.UTF8.GetBytes(text.Replace("\r", string.Empty, StringComparison.Ordinal) + "\n"));
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "usr/local/bin/" + name) { Mode = (UnixFileMode)0b111_101_101, DataStream = script });
            }

            var passwd = new MemoryStream(Encoding.UTF8.GetBytes("root:x:0:0:root:/root:/bin/sh\n"));
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "etc/passwd") { Mode = (UnixFileMode)0b110_100_100, DataStream = passwd });
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
