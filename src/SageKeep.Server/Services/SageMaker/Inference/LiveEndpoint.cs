using System.Runtime.CompilerServices;
using System.Runtime.Versioning;
using SageKeep.Runtime.Serving;

namespace SageKeep.Server.Services.SageMaker.Inference;

/// <summary>An endpoint's running instances per variant, with the weights InvokeEndpoint splits traffic by.</summary>
[SupportedOSPlatform("linux")]
internal sealed class LiveEndpoint(string name, IReadOnlyList<LiveVariant> variants, IReadOnlyList<string> modelDirectories)
{
    public string Name => name;

    public IReadOnlyList<LiveVariant> Variants => variants;

    public IReadOnlyList<string> ModelDirectories => modelDirectories;

    /// <summary>The variant named by TargetVariant, or one drawn by weight; null when no variant has weight (or the name is unknown).</summary>
    public LiveVariant? Pick(string? target)
    {
        if (target is not null)
        {
            return variants.FirstOrDefault(v => v.Name == target);
        }

        var total = variants.Sum(v => v.Weight);
        if (total <= 0)
        {
            return null;
        }

        var draw = Random.Shared.NextDouble() * total;
        foreach (var variant in variants)
        {
            draw -= variant.Weight;
            if (draw < 0 && variant.Weight > 0)
            {
                return variant;
            }
        }

        return variants.LastOrDefault(v => v.Weight > 0);
    }
}

/// <summary>
/// One production variant's instances, picked round robin, and its in-flight bound (back-pressure). The instance set
/// changes when the health checks replace an instance (copy on write: a request sees one consistent snapshot); once
/// closed (stop, retirement) nothing joins it any more.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class LiveVariant(string name, double weight, IReadOnlyList<ServingInstance> instances, int maxInFlightPerInstance, ServingInstanceDefinition? definition = null)
{
    private readonly Lock _lock = new();
    private ServingInstance[] _instances = [.. instances];
    private bool _closed;
    private int _next;
    private int _inFlight;
    private int _retired;
    private int _starting;

    public string Name => name;

    public double Weight { get; set; } = weight;

    /// <summary>The instances in rotation now.</summary>
    public IReadOnlyList<ServingInstance> Instances => Volatile.Read(ref _instances);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<ServingInstance, StrongBox<int>> _active = new();
    private int _desired = instances.Count;

    /// <summary>The instance count the health checks keep the variant at: as deployed, then as UpdateEndpointWeightsAndCapacities sets it.</summary>
    public int DesiredCount
    {
        get => Volatile.Read(ref _desired);
        set => Volatile.Write(ref _desired, value);
    }

    /// <summary>Replacement instances being started now.</summary>
    public int Starting => Volatile.Read(ref _starting);

    public void BeginStart() => Interlocked.Increment(ref _starting);

    public void EndStart() => Interlocked.Decrement(ref _starting);

    /// <summary>The variant as deployed (its VpcConfig: a new instance gets its own ENI, as the first ones did).</summary>
    public System.Text.Json.Nodes.JsonObject Spec { get; init; } = [];

    /// <summary>A model with several containers in Direct mode: each request names its container (TargetContainerHostname); otherwise a serial pipeline.</summary>
    public bool Direct { get; init; }

    /// <summary>The ContainerHostname of each container of a model with several, in order; empty for one container.</summary>
    public IReadOnlyList<string> Hostnames { get; } = [.. definition?.Containers.Select(c => c.Hostname) ?? []];

    /// <summary>What a replacement instance is started from (the variant's image, model data, environment, type).</summary>
    public ServingInstanceDefinition? Definition => definition;

    /// <summary>
    /// The next instance whose container still runs, counted as holding one more request until
    /// <see cref="Leave(ServingInstance)"/>; null when none does. An instance taken out of rotation meanwhile is not
    /// returned (the count is taken before rotation is checked again, so a scale-in that removed it sees the count).
    /// </summary>
    public ServingInstance? NextInstance()
    {
        var current = Volatile.Read(ref _instances);
        for (var i = 0; i < current.Length; i++)
        {
            var instance = current[(int)((uint)Interlocked.Increment(ref _next) % (uint)current.Length)];
            if (instance.Exited.IsCompleted)
            {
                continue;
            }

            var active = _active.GetOrAdd(instance, _ => new StrongBox<int>());
            Interlocked.Increment(ref active.Value);
            if (Array.IndexOf(Volatile.Read(ref _instances), instance) >= 0)
            {
                return instance;
            }

            Interlocked.Decrement(ref active.Value);
        }

        return null;
    }

    /// <summary>Requests that hold <paramref name="instance"/> now (what a scale-in waits for before stopping it).</summary>
    public int ActiveOn(ServingInstance instance) => _active.TryGetValue(instance, out var active) ? Volatile.Read(ref active.Value) : 0;

    /// <summary>The newest instances in rotation beyond <paramref name="keep"/>, taken out of it (the caller drains and stops them).</summary>
    public IReadOnlyList<ServingInstance> TakeSurplus(int keep)
    {
        lock (_lock)
        {
            if (_closed || _instances.Length <= keep)
            {
                return [];
            }

            var surplus = _instances[keep..];
            Volatile.Write(ref _instances, _instances[..keep]);
            Interlocked.MemoryBarrier();
            return surplus;
        }
    }

    /// <summary>Takes a failing instance out of rotation (the caller then owns it); false once the variant is closed.</summary>
    public bool TakeOutOfRotation(ServingInstance instance)
    {
        lock (_lock)
        {
            if (_closed || Array.IndexOf(_instances, instance) < 0)
            {
                return false;
            }

            Volatile.Write(ref _instances, [.. _instances.Where(i => i != instance)]);
            return true;
        }
    }

    /// <summary>Puts a new healthy instance into rotation; false once the variant is closed (the caller stops it).</summary>
    public bool AddToRotation(ServingInstance instance)
    {
        lock (_lock)
        {
            if (_closed)
            {
                return false;
            }

            Volatile.Write(ref _instances, [.. _instances, instance]);
            return true;
        }
    }

    /// <summary>No instance joins or leaves after this; returns the ones the caller stops.</summary>
    public IReadOnlyList<ServingInstance> Close()
    {
        lock (_lock)
        {
            _closed = true;
            return _instances;
        }
    }

    /// <summary>
    /// Takes an in-flight slot: Full when the variant already holds its bound of requests, Retired once an update
    /// replaced the variant (the caller routes to the endpoint's current deployment instead).
    /// </summary>
    public VariantEntry TryEnter()
    {
        if (Interlocked.Increment(ref _inFlight) > maxInFlightPerInstance * Math.Max(1, DesiredCount))
        {
            Interlocked.Decrement(ref _inFlight);
            return VariantEntry.Full;
        }

        if (Volatile.Read(ref _retired) == 1)
        {
            Interlocked.Decrement(ref _inFlight);
            return VariantEntry.Retired;
        }

        return VariantEntry.Entered;
    }

    /// <summary>Requests holding a slot now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>No new request enters after this; the ones inside finish (the caller waits for <see cref="InFlight"/> to reach 0).</summary>
    public void Retire() => Interlocked.Exchange(ref _retired, 1);

    public void Leave() => Interlocked.Decrement(ref _inFlight);

    /// <summary>The request that <see cref="NextInstance"/> gave <paramref name="instance"/> ended.</summary>
    public void Leave(ServingInstance instance)
    {
        if (_active.TryGetValue(instance, out var active))
        {
            Interlocked.Decrement(ref active.Value);
        }

        Leave();
    }

    /// <summary>Forgets the request count of an instance that is gone.</summary>
    public void Forget(ServingInstance instance) => _active.TryRemove(instance, out _);
}

/// <summary>The outcome of <see cref="LiveVariant.TryEnter"/>.</summary>
internal enum VariantEntry
{
    Entered,
    Full,
    Retired,
}
