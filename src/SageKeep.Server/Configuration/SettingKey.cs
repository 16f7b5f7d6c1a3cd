namespace SageKeep.Server.Configuration;

/// <summary>One configurable setting: its key in a config file, its environment variable and its flag.</summary>
public sealed record SettingKey(string FileKey, string EnvironmentVariable, string Flag, string Description);
