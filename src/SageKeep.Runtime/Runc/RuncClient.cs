using System.Diagnostics;
using System.Text.Json;

namespace SageKeep.Runtime.Runc;

/// <summary>Drives the runc binary: run, state, kill, delete -f and list, for containers of one state root.</summary>
public sealed class RuncClient(string runcPath = "runc", string? stateRoot = null)
{
    // Parameters of the shim script are positional ($1..), never interpolated: paths cannot inject shell syntax.
    // The shim first lets go of the server's stdin/stdout/stderr: it outlives a killed server, and a pipe it kept
    // open would never reach end of file for whoever reads the server's output (a supervisor, a journal, a test).
    private const string ShimScript = "exec </dev/null >/dev/null 2>&1; out=$1; err=$2; code=$3; shift 3; \"$@\" </dev/null >>\"$out\" 2>>\"$err\"; echo $? >\"$code.tmp\"; mv \"$code.tmp\" \"$code\"";

    public string RuncPath => runcPath;

    private IEnumerable<string> Global => stateRoot is null ? [] : ["--root", stateRoot];

    /// <summary>Starts <c>runc run</c> for the bundle; returns at once (poll <see cref="StateAsync"/> for "running").</summary>
    public RuncRun Run(string id, string bundleDirectory, string stdoutPath, string stderrPath, string exitCodePath)
    {
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        foreach (var argument in (string[])["-c", ShimScript, "sagekeep-shim", stdoutPath, stderrPath, exitCodePath, runcPath, .. Global, "run", "--bundle", bundleDirectory, id])
        {
            start.ArgumentList.Add(argument);
        }

        var shim = Process.Start(start) ?? throw new RuntimeCommandException("/bin/sh could not be started for runc run");
        return new RuncRun(shim, exitCodePath);
    }

    /// <summary>The container's state, or null when runc does not know it.</summary>
    public async Task<RuncContainerState?> StateAsync(string id, CancellationToken cancellationToken)
    {
        var result = await HostCommand.RunAsync(runcPath, [.. Global, "state", id], cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return null;
        }

        using var document = JsonDocument.Parse(result.Stdout);
        return Read(document.RootElement);
    }

    /// <summary>Sends a signal to the container's init; false when it is not running (any more).</summary>
    public async Task<bool> KillAsync(string id, string signal, CancellationToken cancellationToken)
    {
        var result = await HostCommand.RunAsync(runcPath, [.. Global, "kill", id, signal], cancellationToken).ConfigureAwait(false);
        return result.Succeeded;
    }

    /// <summary><c>runc delete -f</c>: kills what is left and removes the container; a container runc does not know is fine.</summary>
    public async Task DeleteAsync(string id, CancellationToken cancellationToken)
    {
        var result = await HostCommand.RunAsync(runcPath, [.. Global, "delete", "-f", id], cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded && !result.Stderr.Contains("does not exist", StringComparison.Ordinal) && !result.Stderr.Contains("not exist", StringComparison.Ordinal))
        {
            throw new RuntimeCommandException($"runc delete -f {id} exited {result.ExitCode}: {result.Stderr.Trim()}");
        }
    }

    /// <summary>Containers whose id starts with the prefix (ours, for reconciliation).</summary>
    public async Task<IReadOnlyList<RuncContainerState>> ListAsync(string idPrefix, CancellationToken cancellationToken)
    {
        var output = await HostCommand.CheckedAsync(runcPath, [.. Global, "list", "--format", "json"], cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(output) || output.Trim() == "null")
        {
            return [];
        }

        using var document = JsonDocument.Parse(output);
        return [.. document.RootElement.EnumerateArray().Select(Read).Where(s => s.Id.StartsWith(idPrefix, StringComparison.Ordinal))];
    }

    private static RuncContainerState Read(JsonElement element) => new(
        element.GetProperty("id").GetString() ?? string.Empty,
        element.TryGetProperty("pid", out var pid) && pid.ValueKind == JsonValueKind.Number ? pid.GetInt32() : 0,
        element.TryGetProperty("status", out var status) ? status.GetString() ?? string.Empty : string.Empty,
        element.TryGetProperty("bundle", out var bundle) ? bundle.GetString() ?? string.Empty : string.Empty);
}
