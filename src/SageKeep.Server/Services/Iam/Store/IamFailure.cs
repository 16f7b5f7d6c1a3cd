namespace SageKeep.Server.Services.Iam.Store;

/// <summary>
/// Carries an <see cref="IamError"/> out of a write transaction so the store rolls it back; it never
/// leaves the store (callers get the error as a value).
/// </summary>
#pragma warning disable CA1064 // Internal by design: only the store throws and catches it.
internal sealed class IamFailure(IamError error) : Exception(error.Message)
#pragma warning restore CA1064
{
    public IamError Error { get; } = error;
}
