using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using SageKeep.IntegrationTests.Infrastructure;
using Xunit.Abstractions;
using static SageKeep.IntegrationTests.Scanning.ScanTestData;

namespace SageKeep.IntegrationTests.Scanning;

/// <summary>
/// The scanner streams layers and buffers only claimed files (bounded), so memory does not grow with the
/// image: a 1 GiB image scans within ~200 MB. Measured on the built CLI as a child process, by its peak
/// resident set (VmHWM, proc(5)), since allocation counters miss native and runtime memory.
/// </summary>
public sealed class MemoryBoundTests(ITestOutputHelper output)
{
    /// <summary>The issue's ~200 MB plus headroom for the .NET runtime's own working set and GC heap sizing.</summary>
    private const long MaxPeakRssBytes = 300L * 1000 * 1000;

    // Room for the layer (~1.1 GiB) and the spooled claimed file (160 MiB), with margin.
    [FactWithFreeDisk(gibibytes: 3)]
    public async Task Scan_OfOneGibibyteImage_StaysWithinThreeHundredMegabytesPeakRss()
    {
        using var temp = new TempDirectory();
        var layout = Path.Combine(temp.Path, "image");
        var scanTemp = Path.Combine(temp.Path, "tmp");
        var sbom = Path.Combine(temp.Path, "sbom.json");
        Directory.CreateDirectory(layout);
        Directory.CreateDirectory(scanTemp);

        // Step 1: the image, generated (not stored) because it is a gigabyte.
        var generation = Stopwatch.StartNew();
        LargeImageLayout.Write(layout);
        output.WriteLine($"generated {LargeImageLayout.ExpandedBytes / (1024 * 1024)} MiB of file data in {generation.Elapsed.TotalSeconds:F1} s");

        // Step 2: the same inventory path as `sagekeep scan`, written as JSON so every package can be checked.
        // TMPDIR keeps the scan's spool files inside this test's directory.
        var start = ServerProcess.StartInfo(["sbom", layout, "--format", "json", "--output", sbom], new Dictionary<string, string> { ["TMPDIR"] = scanTemp });
        var (exitCode, peakRss, stdErr, elapsed) = await RunSamplingPeakRssAsync(start);

        output.WriteLine($"exit {exitCode} after {elapsed.TotalSeconds:F1} s; peak RSS (VmHWM) {peakRss / (1024.0 * 1024):F1} MiB = {peakRss / 1e6:F1} MB");
        exitCode.ShouldBe(0, stdErr);

        // Step 3: every declared package was listed, from every cataloger, despite the gigabyte around them.
        var packages = JsonNode.Parse(File.ReadAllText(sbom))!["packages"]!.AsArray()
            .Select(p => $"{p!["type"]} {p["name"]} {p["version"]}")
            .ToList();
        packages.ShouldBe(LargeImageLayout.ExpectedPackages, ignoreOrder: true);

        // Step 4: the bound itself. Zero would mean sampling failed, which must not pass either.
        peakRss.ShouldBeGreaterThan(0);
        peakRss.ShouldBeLessThanOrEqualTo(MaxPeakRssBytes);
        Directory.EnumerateFileSystemEntries(scanTemp).ShouldBeEmpty("the scan removes its own spool files");
    }

    /// <summary>Runs the process and polls its VmHWM every 20 ms; VmHWM is monotonic, so the last sample is the peak.</summary>
    private static async Task<(int ExitCode, long PeakRss, string StdErr, TimeSpan Elapsed)> RunSamplingPeakRssAsync(ProcessStartInfo start)
    {
        using var process = new Process { StartInfo = start };
        var clock = Stopwatch.StartNew();
        process.Start();
        process.StandardInput.Close();
        var stdOut = process.StandardOutput.ReadToEndAsync();
        var stdErr = process.StandardError.ReadToEndAsync();
        var statusPath = $"/proc/{process.Id.ToString(CultureInfo.InvariantCulture)}/status";
        long peak = 0;
        try
        {
            while (!process.HasExited)
            {
                peak = Math.Max(peak, ReadHighWaterMark(statusPath));
                await Task.Delay(20);
                if (clock.Elapsed > TimeSpan.FromMinutes(10))
                {
                    throw new TimeoutException("the scan did not finish within 10 minutes");
                }
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        await process.WaitForExitAsync();
        await stdOut;
        return (process.ExitCode, peak, await stdErr, clock.Elapsed);
    }

    /// <summary>VmHWM in bytes, or 0 once the process is gone (its /proc entry vanishes when reaped).</summary>
    private static long ReadHighWaterMark(string statusPath)
    {
        try
        {
            foreach (var line in File.ReadLines(statusPath))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    // proc(5): "VmHWM:     12345 kB".
                    var kilobytes = line["VmHWM:".Length..].Trim().Split(' ')[0];
                    return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }

        return 0;
    }
}
