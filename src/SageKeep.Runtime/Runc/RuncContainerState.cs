namespace SageKeep.Runtime.Runc;

/// <summary>What <c>runc state</c>/<c>runc list</c> report for one container (status: creating, created, running, paused, stopped).</summary>
public sealed record RuncContainerState(string Id, int Pid, string Status, string Bundle)
{
    public bool IsRunning => Status is "running" or "created" or "paused" or "creating";
}
