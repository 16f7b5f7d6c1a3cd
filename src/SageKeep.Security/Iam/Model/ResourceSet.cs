using SageKeep.Security.Iam.Context;

namespace SageKeep.Security.Iam.Model;

/// <summary>
/// Resource or NotResource: case-sensitive globs over the resource ARN, possibly with policy
/// variables. A pattern whose variable cannot be resolved matches nothing (so under NotResource it
/// excludes nothing).
/// </summary>
internal sealed class ResourceSet(IReadOnlyList<PolicyTemplate> patterns, bool negated)
{
    public bool Negated { get; } = negated;

    public IReadOnlyList<PolicyTemplate> Patterns { get; } = patterns;

    public bool Matches(RequestContext context)
    {
        var any = false;
        for (var i = 0; i < Patterns.Count; i++)
        {
            var template = Patterns[i];
            if (template.Constant is { } constant)
            {
                any = constant.IsMatch(context.Resource);
            }
            else if (template.TryResolve(context, out var text, out var kinds))
            {
                any = Wildcard.Match(text, kinds, context.Resource, ignoreCase: false);
            }

            if (any)
            {
                break;
            }
        }

        return any != Negated;
    }
}
