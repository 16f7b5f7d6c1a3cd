namespace SageKeep.Server.Configuration;

/// <summary>Settings that loaded and validated, or the one-line reason they did not.</summary>
public sealed record SettingsResult(ServerSettings? Settings, string? Error)
{
    public bool IsValid => Settings is not null && Error is null;

    public static SettingsResult Ok(ServerSettings settings) => new(settings, null);

    public static SettingsResult Fail(string error) => new(null, error);
}
