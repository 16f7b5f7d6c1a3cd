using System.Collections.Frozen;

namespace SageKeep.Server.Protocols;

/// <summary>The registered handlers by (service, operation); built once from DI.</summary>
internal sealed class OperationHandlerRegistry
{
    private readonly FrozenDictionary<(string Service, string Operation), IOperationHandler> _handlers;

    public OperationHandlerRegistry(IEnumerable<IOperationHandler> handlers)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        var byKey = new Dictionary<(string, string), IOperationHandler>();
        foreach (var handler in handlers)
        {
            if (!byKey.TryAdd((handler.Service, handler.Operation), handler))
            {
                throw new InvalidOperationException($"Two handlers are registered for {handler.Service}:{handler.Operation}.");
            }
        }

        _handlers = byKey.ToFrozenDictionary();
    }

    public IOperationHandler? Find(string service, string operation) =>
        _handlers.TryGetValue((service, operation), out var handler) ? handler : null;
}
