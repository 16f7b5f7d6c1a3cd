using System.Text;

namespace SageKeep.UnitTests.Infrastructure;

/// <summary>The edits the fuzz-style tests apply to a valid input: overwrite, delete or insert characters.</summary>
internal static class StringMutator
{
    /// <param name="seed">A valid input.</param>
    /// <param name="kind">0 overwrites, 1 deletes, anything else inserts.</param>
    /// <param name="edits">Positions (taken modulo the current length) and characters.</param>
    public static string Mutate(string seed, int kind, (int Position, char Char)[] edits)
    {
        var sb = new StringBuilder(seed);
        foreach (var (position, c) in edits)
        {
            var at = position % (sb.Length + 1);
            switch (kind)
            {
                case 0 when at < sb.Length:
                    sb[at] = c;
                    break;
                case 1 when at < sb.Length:
                    sb.Remove(at, 1);
                    break;
                default:
                    sb.Insert(at, c);
                    break;
            }
        }

        return sb.ToString();
    }
}
