using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace SageKeep.Scanning.VulnDb;

/// <summary>
/// Wraps a YAML parser and refuses documents nested deeper than a limit, because building the node tree
/// recurses once per level and a hostile file could otherwise overflow the stack.
/// </summary>
internal sealed class DepthLimitedParser(IParser inner, int maxDepth, string fileName) : IParser
{
    private int _depth;

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        if (!inner.MoveNext())
        {
            return false;
        }

        switch (inner.Current)
        {
            case MappingStart or SequenceStart:
                if (++_depth > maxDepth)
                {
                    throw new FeedException($"{fileName}: YAML nested deeper than {maxDepth} levels at line {inner.Current.Start.Line}");
                }

                break;
            case MappingEnd or SequenceEnd:
                _depth--;
                break;
            default:
                break;
        }

        return true;
    }
}
