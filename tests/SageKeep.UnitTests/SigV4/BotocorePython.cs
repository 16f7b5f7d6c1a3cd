using System.Diagnostics;

namespace SageKeep.UnitTests.SigV4;

/// <summary>
/// The python3 that has botocore: the aws CLI's own interpreter first (first python3 on PATH),
/// then the system one (Debian package python3-botocore).
/// </summary>
internal static class BotocorePython
{
    private static readonly Lazy<string> Found = new(Find);

    public static string Executable => Found.Value;

    private static string Find()
    {
        foreach (var candidate in new[] { "python3", "/usr/bin/python3" })
        {
            try
            {
                var start = new ProcessStartInfo(candidate) { RedirectStandardOutput = true, RedirectStandardError = true };
                start.ArgumentList.Add("-c");
                start.ArgumentList.Add("import botocore.auth, botocore.httpchecksum");
                using var process = Process.Start(start)!;
                process.WaitForExit();
                if (process.ExitCode == 0)
                {
                    return candidate;
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // Not installed at this path: try the next one.
            }
        }

        throw new InvalidOperationException("These tests sign with botocore: install the aws CLI / boto3, or the Debian package python3-botocore.");
    }
}
