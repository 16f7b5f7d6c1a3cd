namespace SageKeep.Server.Services.S3;

internal enum RangeKind
{
    Whole,
    Partial,
    Unsatisfiable,
}
