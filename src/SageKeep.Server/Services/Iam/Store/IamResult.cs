namespace SageKeep.Server.Services.Iam.Store;

/// <summary>A store answer: a value or the <see cref="IamError"/> that prevented it (and rolled back every change).</summary>
internal readonly record struct IamResult<T>(T? Value, IamError? Error)
{
    public static implicit operator IamResult<T>(IamError error) => new(default, error);

    public static IamResult<T> Ok(T value) => new(value, null);
}
