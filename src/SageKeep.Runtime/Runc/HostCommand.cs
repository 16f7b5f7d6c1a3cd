using System.Diagnostics;

namespace SageKeep.Runtime.Runc;

/// <summary>Runs a host tool with an argument list (never a shell line), capturing its output, bounded in time.</summary>
public static class HostCommand
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static async Task<CommandResult> RunAsync(string file, IEnumerable<string> arguments, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new RuntimeCommandException($"{file} could not be started");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout ?? DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(bounded.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            throw new RuntimeCommandException($"{file} {string.Join(' ', start.ArgumentList)} did not finish within {timeout ?? DefaultTimeout}");
        }

        return new CommandResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    /// <summary>Runs the command and throws <see cref="RuntimeCommandException"/> unless it exits 0.</summary>
    public static async Task<string> CheckedAsync(string file, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var list = arguments.ToList();
        var result = await RunAsync(file, list, cancellationToken).ConfigureAwait(false);
        return result.Succeeded
            ? result.Stdout
            : throw new RuntimeCommandException($"{file} {string.Join(' ', list)} exited {result.ExitCode}: {result.Stderr.Trim()}");
    }
}
