using System.Globalization;
using System.Reflection;

namespace SageKeep.Server.Storage;

/// <summary>
/// The migrations shipped in this assembly (embedded <c>Storage/Migrations/NNNN_name.sql</c>), sorted
/// by number. Scripts are written in the SQL SQLite and PostgreSQL share.
/// </summary>
public static class MigrationCatalog
{
    private const string ResourcePrefix = "SageKeep.Server.Storage.Migrations.";

    public static IReadOnlyList<Migration> Embedded { get; } = Load();

    private static List<Migration> Load()
    {
        var assembly = typeof(MigrationCatalog).Assembly;
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }

            var fileName = resource[ResourcePrefix.Length..^".sql".Length];
            migrations.Add(new Migration(ParseVersion(fileName), fileName, Read(assembly, resource)));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 1; i < migrations.Count; i++)
        {
            if (migrations[i].Version == migrations[i - 1].Version)
            {
                throw new InvalidOperationException($"Two migrations share number {migrations[i].Version}.");
            }
        }

        return migrations;
    }

    internal static int ParseVersion(string fileName)
    {
        var underscore = fileName.IndexOf('_', StringComparison.Ordinal);
        if (underscore <= 0 || !int.TryParse(fileName.AsSpan(0, underscore), NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version <= 0)
        {
            throw new InvalidOperationException($"Migration '{fileName}' must be named NNNN_name.sql.");
        }

        return version;
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
