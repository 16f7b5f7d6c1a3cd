namespace SageKeep.Scanning.Images;

/// <summary>An OCI platform (image-index spec, "platform" object): os, architecture and optional variant.</summary>
public sealed record ImagePlatform(string Os, string Architecture, string? Variant)
{
    public static ImagePlatform LinuxAmd64 { get; } = new("linux", "amd64", null);

    /// <summary>Parses "os/arch[/variant]", e.g. "linux/arm64/v8"; null when malformed.</summary>
    public static ImagePlatform? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('/');
        if (parts.Length is < 2 or > 3 || parts.Any(string.IsNullOrWhiteSpace))
        {
            return null;
        }

        return new ImagePlatform(parts[0], parts[1], parts.Length == 3 ? parts[2] : null);
    }

    /// <summary>True when <paramref name="other"/> is this platform; a missing variant on either side matches any.</summary>
    public bool Matches(ImagePlatform other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return string.Equals(Os, other.Os, StringComparison.Ordinal)
            && string.Equals(Architecture, other.Architecture, StringComparison.Ordinal)
            && (Variant is null || other.Variant is null || string.Equals(Variant, other.Variant, StringComparison.Ordinal));
    }

    public override string ToString() => Variant is null ? $"{Os}/{Architecture}" : $"{Os}/{Architecture}/{Variant}";
}
