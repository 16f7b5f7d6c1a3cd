namespace SageKeep.Server.Configuration;

/// <summary>A setting's text as found, with where it came from, so an error can name its source.</summary>
public sealed record RawSetting(SettingKey Key, string Value, string Source);
