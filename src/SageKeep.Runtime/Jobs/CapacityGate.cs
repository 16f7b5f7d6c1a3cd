namespace SageKeep.Runtime.Jobs;

/// <summary>
/// N training instances run at once, a bounded number of jobs wait; admission is decided at once so the API can answer
/// ResourceLimitExceeded. A job takes as many slots as it has instances, all at once and in arrival order (a large job
/// at the head is not overtaken by smaller ones behind it, and no job ever holds part of what it needs).
/// </summary>
internal sealed class CapacityGate(int running, int queued) : IDisposable
{
    private readonly Lock _lock = new();
    private readonly LinkedList<(int Instances, TaskCompletionSource Entered)> _waiting = new();
    private readonly int _running = running;
    private int _free = running;
    private int _admitted;

    /// <summary>Instances that run at once.</summary>
    public int Running => _running;

    public int Queued => queued;

    public bool TryAdmit()
    {
        while (true)
        {
            var current = Volatile.Read(ref _admitted);
            if (current >= _running + queued)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _admitted, current + 1, current) == current)
            {
                return true;
            }
        }
    }

    /// <summary>True when <paramref name="instances"/> slots were free at once (no "Waiting for capacity" message needed).</summary>
    public bool TryEnterNow(int instances = 1)
    {
        lock (_lock)
        {
            if (_waiting.Count == 0 && _free >= instances)
            {
                _free -= instances;
                return true;
            }

            return false;
        }
    }

    public async Task EnterAsync(int instances, CancellationToken cancellationToken)
    {
        LinkedListNode<(int Instances, TaskCompletionSource Entered)> node;
        lock (_lock)
        {
            if (_waiting.Count == 0 && _free >= instances)
            {
                _free -= instances;
                return;
            }

            node = _waiting.AddLast((instances, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)));
        }

        using (cancellationToken.Register(() =>
        {
            lock (_lock)
            {
                if (node.List is null)
                {
                    return; // Already entered.
                }

                _waiting.Remove(node);
                node.Value.Entered.TrySetCanceled(cancellationToken);
                Pump();
            }
        }))
        {
            await node.Value.Entered.Task.ConfigureAwait(false);
        }
    }

    public void ReleaseSlot(int instances = 1)
    {
        lock (_lock)
        {
            _free += instances;
            Pump();
        }
    }

    public void Leave() => Interlocked.Decrement(ref _admitted);

    /// <summary>Nothing to release: waiters stay parked, as a server going away leaves queued jobs to reconciliation.</summary>
    public void Dispose()
    {
    }

    /// <summary>Lets in the waiting jobs at the head of the line that fit now. Called under the lock.</summary>
    private void Pump()
    {
        while (_waiting.First is { } first && _free >= first.Value.Instances)
        {
            _waiting.RemoveFirst();
            _free -= first.Value.Instances;
            first.Value.Entered.TrySetResult();
        }
    }
}
