namespace SageKeep.Runtime.Jobs;

/// <summary>N jobs run at once, a bounded number wait; admission is decided at once so the API can answer ResourceLimitExceeded.</summary>
internal sealed class CapacityGate(int running, int queued) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(running, running);
    private int _admitted;

    public int Running => running;

    public int Queued => queued;

    public bool TryAdmit()
    {
        while (true)
        {
            var current = Volatile.Read(ref _admitted);
            if (current >= running + queued)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _admitted, current + 1, current) == current)
            {
                return true;
            }
        }
    }

    /// <summary>True when a slot was free at once (no "Waiting for capacity" message needed).</summary>
    public bool TryEnterNow() => _slots.Wait(0);

    public Task EnterAsync(CancellationToken cancellationToken) => _slots.WaitAsync(cancellationToken);

    public void ReleaseSlot() => _slots.Release();

    public void Leave() => Interlocked.Decrement(ref _admitted);

    public void Dispose() => _slots.Dispose();
}
