using System.Diagnostics;

namespace SageKeep.Runtime.Runc;

/// <summary>
/// Follows <c>runc events</c> for a container: on cgroup v1 runc registers an eventfd on memory.oom_control and
/// prints {"type":"oom"} when the OOM killer acts. runc removes the cgroup as soon as the container ends, so the
/// event is the only record of an OOM kill that ends the container; counters are read too while it runs.
/// </summary>
public sealed class OomWatcher : IDisposable
{
    private readonly Process? _process;
    private readonly Task _reader = Task.CompletedTask;
    private int _seen;

    private OomWatcher(Process? process)
    {
        _process = process;
        if (process is not null)
        {
            _reader = Task.Run(async () =>
            {
                while (await process.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
                {
                    if (line.Contains("\"type\":\"oom\"", StringComparison.Ordinal))
                    {
                        Interlocked.Exchange(ref _seen, 1);
                    }
                }
            });
        }
    }

    public bool OomSeen => Volatile.Read(ref _seen) == 1;

    public void MarkSeen() => Interlocked.Exchange(ref _seen, 1);

    public static OomWatcher Start(string runcPath, string? stateRoot, string id)
    {
        var start = new ProcessStartInfo(runcPath) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (stateRoot is not null)
        {
            start.ArgumentList.Add("--root");
            start.ArgumentList.Add(stateRoot);
        }

        foreach (var argument in (string[])["events", "--interval", "3600s", id])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start);
        _ = process?.StandardError.ReadToEndAsync();
        return new OomWatcher(process);
    }

    /// <summary>Gives the reader a moment to take in an event already written, then stops the process.</summary>
    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        await Task.WhenAny(_reader, Task.Delay(TimeSpan.FromMilliseconds(200))).ConfigureAwait(false);
        try
        {
            _process.Kill();
        }
        catch (InvalidOperationException)
        {
            // Already exited with its container.
        }

        await Task.WhenAny(_reader, Task.Delay(TimeSpan.FromSeconds(2))).ConfigureAwait(false);
    }

    public void Dispose() => _process?.Dispose();
}
