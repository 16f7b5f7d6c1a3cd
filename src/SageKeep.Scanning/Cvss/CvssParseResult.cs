namespace SageKeep.Scanning.Cvss;

/// <summary>Either a parsed vector or the reason the text is not a valid CVSS vector.</summary>
public sealed record CvssParseResult(CvssVector? Vector, string? Error)
{
    public bool Succeeded => Vector is not null;

    public static CvssParseResult Ok(CvssVector vector) => new(vector, null);

    public static CvssParseResult Fail(string error) => new(null, error);
}
