namespace SageKeep.Scanning.Versions.Maven;

/// <summary>
/// A digit run. Maven keeps three integer types chosen by the length of the digits after stripping
/// leading zeros (up to 9 int, up to 18 long, then BigInteger) and orders the types before the values;
/// an all-zero run is not stripped, so a long run of zeros counts by its full length. <see cref="Rank"/>
/// reproduces that, <see cref="Digits"/> holds the value without leading zeros.
/// </summary>
internal sealed class MavenNumberItem : MavenItem
{
    public static MavenNumberItem Zero { get; } = new(0, string.Empty);

    public MavenNumberItem(int rank, string digits)
    {
        Rank = rank;
        Digits = digits;
    }

    /// <summary>0 int, 1 long, 2 big integer.</summary>
    public int Rank { get; }

    /// <summary>Decimal value, without leading zeros (empty for zero).</summary>
    public string Digits { get; }

    public override bool IsNull => Digits.Length == 0;

    public override int CompareTo(MavenItem? other) => other switch
    {
        null => IsNull ? 0 : 1,
        MavenNumberItem n when n.Rank != Rank => Rank < n.Rank ? -1 : 1,
        MavenNumberItem n => NumericText.Compare(Digits, n.Digits),
        _ => 1, // a number is newer than a qualifier or a list
    };
}
