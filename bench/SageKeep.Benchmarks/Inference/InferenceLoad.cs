using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using SageKeep.Runtime.Serving;

namespace SageKeep.Benchmarks.Inference;

/// <summary>
/// The load client of <c>bench/inference-overhead.sh</c>: the same payload sent, in the same run, to one serving
/// container two ways, at a fixed concurrency for a fixed time per round:
/// <list type="bullet">
/// <item>direct: the platform's private path (<see cref="NetnsConnector"/> into the container's network namespace,
/// HTTP/1.1 to 127.0.0.1:8080, a pooled <see cref="SocketsHttpHandler"/> as the server's own);</item>
/// <item>sagekeep: <c>InvokeEndpoint</c> over TLS, SigV4 signed per request (body hash and signature), which the
/// server authenticates, authorises with IAM, audits, and forwards through that same private path.</item>
/// </list>
/// The order of the two alternates between rounds. Reported per mode: throughput and latency percentiles; per round
/// the added median latency and the throughput ratio; and their medians over the rounds.
/// </summary>
internal static class InferenceLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = Options.Parse(args);
        var body = new byte[options.PayloadBytes];
        new Random(7).NextBytes(body);

        using var connector = await NetnsConnector.OpenAsync(options.ContainerPid, 8080).ConfigureAwait(false);
        using var direct = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = connector.ConnectAsync,
            MaxConnectionsPerServer = 32,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
        })
        { BaseAddress = new Uri("http://127.0.0.1:8080/"), Timeout = TimeSpan.FromSeconds(60) };

        // The server's sockets are made the same way, by a thread that joined this process's own network namespace: a
        // socket made on an arbitrary pool thread was seen (intermittently) to land in the container's namespace and be
        // refused, and this also gives both paths the same socket set-up.
        var serverUri = new Uri(options.Url);
        using var host = await NetnsConnector.OpenAsync(Environment.ProcessId, serverUri.Port).ConfigureAwait(false);
        using var serverCert = X509CertificateLoader.LoadCertificateFromFile(options.CertPath);
        using var sagekeep = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = host.ConnectAsync,
            MaxConnectionsPerServer = 32,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            SslOptions = { RemoteCertificateValidationCallback = (_, cert, _, _) => cert is not null && cert.GetRawCertData().AsSpan().SequenceEqual(serverCert.RawData) },
        })
        { BaseAddress = new Uri(options.Url), Timeout = TimeSpan.FromSeconds(60) };
        var signer = new Signer(options, new Uri(options.Url));

        Func<Task> directCall = async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "invocations") { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            using var response = await direct.SendAsync(request, HttpCompletionOption.ResponseContentRead).ConfigureAwait(false);
            Check(response, await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false), body.Length);
        };
        Func<Task> sagekeepCall = async () =>
        {
            using var request = signer.Sign(body);
            using var response = await sagekeep.SendAsync(request, HttpCompletionOption.ResponseContentRead).ConfigureAwait(false);
            Check(response, await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false), body.Length);
        };

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"payload {options.PayloadBytes} B, concurrency {options.Concurrency}, {options.Seconds} s per mode per round, {options.Rounds} rounds (order alternates), warm-up {options.WarmupSeconds} s per mode"));
        await MeasureAsync(directCall, options.Concurrency, options.WarmupSeconds).ConfigureAwait(false);
        await MeasureAsync(sagekeepCall, options.Concurrency, options.WarmupSeconds).ConfigureAwait(false);

        var added = new List<double>();
        var ratios = new List<double>();
        var directMedians = new List<double>();
        var sagekeepMedians = new List<double>();
        Console.WriteLine("round | mode     | req/s   | p50 ms | p90 ms | p99 ms");
        for (var round = 1; round <= options.Rounds; round++)
        {
            Result d, s;
            if (round % 2 == 1)
            {
                d = await MeasureAsync(directCall, options.Concurrency, options.Seconds).ConfigureAwait(false);
                s = await MeasureAsync(sagekeepCall, options.Concurrency, options.Seconds).ConfigureAwait(false);
            }
            else
            {
                s = await MeasureAsync(sagekeepCall, options.Concurrency, options.Seconds).ConfigureAwait(false);
                d = await MeasureAsync(directCall, options.Concurrency, options.Seconds).ConfigureAwait(false);
            }

            Print(round, "direct", d);
            Print(round, "sagekeep", s);
            added.Add(s.P50 - d.P50);
            ratios.Add(s.Throughput / d.Throughput);
            directMedians.Add(d.P50);
            sagekeepMedians.Add(s.P50);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round}: added median latency {s.P50 - d.P50:F3} ms, throughput ratio {s.Throughput / d.Throughput:F3}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"SUMMARY concurrency={options.Concurrency} payload={options.PayloadBytes} rounds={options.Rounds}: median p50 direct {Median(directMedians):F3} ms, sagekeep {Median(sagekeepMedians):F3} ms; added median latency {Median(added):F3} ms (rounds: {string.Join(' ', added.Select(a => a.ToString("F3", CultureInfo.InvariantCulture)))}); throughput ratio {Median(ratios):F3} (rounds: {string.Join(' ', ratios.Select(r => r.ToString("F3", CultureInfo.InvariantCulture)))})"));
        return 0;
    }

    private static void Check(HttpResponseMessage response, byte[] answer, int expected)
    {
        if (response.StatusCode != HttpStatusCode.OK || answer.Length != expected)
        {
            throw new InvalidOperationException($"unexpected answer: {(int)response.StatusCode}, {answer.Length} bytes: {Encoding.UTF8.GetString(answer, 0, Math.Min(answer.Length, 400))}");
        }
    }

    private static void Print(int round, string mode, Result r) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{round,5} | {mode,-8} | {r.Throughput,7:F0} | {r.P50,6:F3} | {r.P90,6:F3} | {r.P99,6:F3}"));

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary><paramref name="concurrency"/> loops each sending one request after the other for <paramref name="seconds"/>.</summary>
    private static async Task<Result> MeasureAsync(Func<Task> call, int concurrency, double seconds)
    {
        var stop = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        var failures = 0;
        string? firstFailure = null;
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            var latencies = new List<double>(4096);
            while (Stopwatch.GetTimestamp() < stop)
            {
                var t0 = Stopwatch.GetTimestamp();
                try
                {
                    await call().ConfigureAwait(false);
                    latencies.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                }
                catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or TaskCanceledException or IOException)
                {
                    // Counted and shown, not measured: a failed call is not a fast one.
                    Interlocked.Increment(ref failures);
                    Interlocked.CompareExchange(ref firstFailure, ex.Message, null);
                }
            }

            return latencies;
        })).ToList();
        var all = (await Task.WhenAll(workers).ConfigureAwait(false)).SelectMany(l => l).Order().ToArray();
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        if (failures > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {failures} calls failed, the first: {firstFailure}"));
        }

        double At(double q) => all.Length == 0 ? double.NaN : all[Math.Min(all.Length - 1, (int)(q * all.Length))];
        return new Result(all.Length / elapsed, At(0.5), At(0.9), At(0.99), failures);
    }

    private readonly record struct Result(double Throughput, double P50, double P90, double P99, int Failures);

    /// <summary>SigV4 for <c>POST /endpoints/{name}/invocations</c> (service <c>sagemaker</c>), computed per request as a client does.</summary>
    private sealed class Signer(Options options, Uri baseUri)
    {
        private readonly string _path = "/endpoints/" + options.Endpoint + "/invocations";
        private readonly string _host = baseUri.Authority;
        private byte[]? _key;
        private string? _keyDate;

        public HttpRequestMessage Sign(byte[] body)
        {
            var now = DateTime.UtcNow;
            var amzDate = now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
            var date = amzDate[..8];
            var payloadHash = Convert.ToHexStringLower(SHA256.HashData(body));
            const string ContentType = "application/octet-stream";
            var canonical = $"POST\n{_path}\n\ncontent-type:{ContentType}\nhost:{_host}\nx-amz-date:{amzDate}\n\ncontent-type;host;x-amz-date\n{payloadHash}";
            var scope = $"{date}/{options.Region}/sagemaker/aws4_request";
            var toSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
            if (_keyDate != date)
            {
                var k = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + options.Secret), Encoding.UTF8.GetBytes(date));
                k = HMACSHA256.HashData(k, Encoding.UTF8.GetBytes(options.Region));
                k = HMACSHA256.HashData(k, "sagemaker"u8.ToArray());
                _key = HMACSHA256.HashData(k, "aws4_request"u8.ToArray());
                _keyDate = date;
            }

            var signature = Convert.ToHexStringLower(HMACSHA256.HashData(_key!, Encoding.UTF8.GetBytes(toSign)));
            var request = new HttpRequestMessage(HttpMethod.Post, _path) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(ContentType);
            request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
            request.Headers.TryAddWithoutValidation("Authorization", $"AWS4-HMAC-SHA256 Credential={options.Key}/{scope}, SignedHeaders=content-type;host;x-amz-date, Signature={signature}");
            return request;
        }
    }

    private sealed record Options(string Url, string CertPath, string Key, string Secret, string Region, string Endpoint, int ContainerPid, int Concurrency, double Seconds, double WarmupSeconds, int Rounds, int PayloadBytes)
    {
        public static Options Parse(string[] args)
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i + 1 < args.Length; i += 2)
            {
                map[args[i].TrimStart('-')] = args[i + 1];
            }

            string Get(string name) => map.TryGetValue(name, out var v) ? v : throw new ArgumentException($"--{name} is required");
            int Int(string name, int fallback) => map.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
            double Dbl(string name, double fallback) => map.TryGetValue(name, out var v) ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;
            return new Options(Get("url"), Get("cert"), Get("key"), Get("secret"), map.GetValueOrDefault("region") ?? "us-east-1", Get("endpoint"), Int("pid", 0),
                Int("concurrency", 8), Dbl("seconds", 5), Dbl("warmup", 2), Int("rounds", 5), Int("payload", 1024));
        }
    }
}
