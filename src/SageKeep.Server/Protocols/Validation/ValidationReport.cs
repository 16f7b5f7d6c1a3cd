using System.Globalization;

namespace SageKeep.Server.Protocols.Validation;

/// <summary>
/// What validating an input against its shape found: constraint violations in AWS's wording, or a
/// type mismatch (a value of the wrong JSON type), which AWS reports as a serialization error instead.
/// </summary>
internal sealed class ValidationReport
{
    /// <summary>More violations than this are not listed (bounds the message for hostile inputs).</summary>
    public const int MaxListedErrors = 100;

    private readonly List<string> _errors = [];

    public IReadOnlyList<string> Errors => _errors;

    /// <summary>The first type mismatch, e.g. <c>STRING_VALUE can not be converted to an Integer</c>.</summary>
    public string? TypeMismatch { get; private set; }

    public bool IsValid => _errors.Count == 0 && TypeMismatch is null;

    public bool IsFull => _errors.Count >= MaxListedErrors || TypeMismatch is not null;

    /// <summary>
    /// AWS's summary: <c>1 validation error detected: ...</c> or <c>N validation errors detected: a; b</c>.
    /// </summary>
    public string Message => _errors.Count == 1
        ? $"1 validation error detected: {_errors[0]}"
        : string.Create(CultureInfo.InvariantCulture, $"{_errors.Count} validation errors detected: {string.Join("; ", _errors)}");

    public void Add(string path, string renderedValue, string constraint)
    {
        if (_errors.Count < MaxListedErrors)
        {
            _errors.Add($"Value {renderedValue} at '{path}' failed to satisfy constraint: {constraint}");
        }
    }

    public void AddMissing(string path) => Add(path, "null", "Member must not be null");

    public void SetTypeMismatch(string message) => TypeMismatch ??= message;
}
