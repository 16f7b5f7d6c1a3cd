namespace SageKeep.Server.Services.S3;

/// <summary>What a Range header asks for: the whole object, one satisfiable range, or nothing satisfiable.</summary>
internal readonly record struct RangeResult(RangeKind Kind, ByteRange Range)
{
    public static RangeResult Whole => new(RangeKind.Whole, default);

    public static RangeResult Unsatisfiable => new(RangeKind.Unsatisfiable, default);

    public static RangeResult Partial(ByteRange range) => new(RangeKind.Partial, range);
}
