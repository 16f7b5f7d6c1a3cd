using System.Diagnostics;
using System.Globalization;

namespace SageKeep.Runtime.Runc;

/// <summary>
/// One container started by <see cref="RuncClient.Run"/>: a small /bin/sh parent runs <c>runc run</c> in the
/// foreground, with the container's stdout/stderr appended to files, and writes runc's exit status (the
/// container's, 128+signal when killed) to a file when it ends. The shell outlives the server, so a restarted server
/// re-attaches by watching the files; runc itself keeps no exit status for a detached container.
/// </summary>
public sealed class RuncRun : IDisposable
{
    private readonly Process? _shim;
    private readonly string _exitCodePath;

    internal RuncRun(Process? shim, string exitCodePath)
    {
        _shim = shim;
        _exitCodePath = exitCodePath;
    }

    /// <summary>A run started by an earlier process: only its exit file is watched.</summary>
    public static RuncRun Reattach(string exitCodePath) => new(null, exitCodePath);

    public bool HasExited => File.Exists(_exitCodePath) || (_shim?.HasExited ?? false);

    /// <summary>Waits for the container to end and returns its exit status; -1 when the shim died without recording one.</summary>
    public async Task<int> WaitForExitAsync(TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(time);
        if (_shim is not null)
        {
            await _shim.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            while (!File.Exists(_exitCodePath))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), time, cancellationToken).ConfigureAwait(false);
            }
        }

        return ReadExitCode(_exitCodePath) ?? -1;
    }

    public static int? ReadExitCode(string path)
    {
        try
        {
            return int.TryParse(File.ReadAllText(path).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var code) ? code : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose() => _shim?.Dispose();
}
