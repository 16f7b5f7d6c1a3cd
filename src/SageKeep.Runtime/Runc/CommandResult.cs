namespace SageKeep.Runtime.Runc;

/// <summary>How a helper command (runc, ip, nft) ended: exit code and its captured output.</summary>
public sealed record CommandResult(int ExitCode, string Stdout, string Stderr)
{
    public bool Succeeded => ExitCode == 0;
}
