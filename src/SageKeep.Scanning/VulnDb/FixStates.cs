namespace SageKeep.Scanning.VulnDb;

/// <summary>Stable text names of <see cref="FixState"/> as stored in the database.</summary>
public static class FixStates
{
    public static string ToText(FixState state) => state switch
    {
        FixState.Fixed => "fixed",
        FixState.NotAffected => "not-affected",
        FixState.NotFixed => "not-fixed",
        FixState.Undetermined => "undetermined",
        FixState.WontFix => "will-not-fix",
        _ => "end-of-life",
    };

    public static FixState FromText(string text) => text switch
    {
        "fixed" => FixState.Fixed,
        "not-affected" => FixState.NotAffected,
        "not-fixed" => FixState.NotFixed,
        "undetermined" => FixState.Undetermined,
        "will-not-fix" => FixState.WontFix,
        _ => FixState.EndOfLife,
    };
}
