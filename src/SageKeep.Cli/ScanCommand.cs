using System.CommandLine;
using SageKeep.Scanning.Images;
using SageKeep.Scanning.Inventory;
using Spectre.Console;

namespace SageKeep.Cli;

/// <summary>
/// <c>sagekeep scan IMAGE|DIR</c>: inventory the image, match it against the offline vulnerability database, apply
/// VEX, the ignore file and the filters, and report (table, JSON, SARIF, CycloneDX, HTML). Exit codes: 0, or
/// --exit-code N when findings remain; 1 for a failed scan or unusable file; 2 for bad arguments.
/// </summary>
internal static class ScanCommand
{
    public static Command Create()
    {
        var image = ImageArgument();
        var platform = PlatformOption();
        var exclude = ExcludeOption();
        var gate = new ScanGateOptions();
        var command = new Command(
            "scan",
            "Scan a container image (OCI layout, OCI or docker archive, or a root filesystem directory) for known vulnerabilities "
            + "using the offline database ('sagekeep db import'), and report them.")
        {
            image,
            platform,
            exclude,
        };
        foreach (var option in gate.All)
        {
            command.Options.Add(option);
        }

        command.SetAction((parseResult, cancellationToken) =>
            ScanRun.RunAsync(parseResult, parseResult.GetValue(image)!, parseResult.GetValue(platform), parseResult.GetValue(exclude), gate, cancellationToken));
        return command;
    }

    internal static Argument<string> ImageArgument() => new("image")
    {
        Description = "Path of an OCI image layout directory, an OCI or docker save archive (.tar, optionally gzip/zstd), or a root filesystem directory.",
    };

    internal static Option<string?> PlatformOption() => new("--platform")
    {
        Description = "Platform to scan in a multi-platform image, os/arch[/variant] (default: the only one, else linux/amd64).",
    };

    internal static Option<string[]> ExcludeOption() => new("--exclude")
    {
        Description = "Root filesystem mode only: absolute paths whose subtrees are not walked (besides /proc, /sys, /dev and /run).",
        AllowMultipleArgumentsPerToken = true,
    };

    /// <summary>Runs the inventory; null (after printing why) when the arguments are unusable.</summary>
    internal static async Task<InventoryOutcome?> BuildAsync(string image, string? platformText, string[]? excludes, CancellationToken cancellationToken)
    {
        ImagePlatform? platform = null;
        if (platformText is not null && (platform = ImagePlatform.Parse(platformText)) is null)
        {
            await Console.Error.WriteLineAsync($"error: --platform '{platformText}' is not os/arch[/variant]").ConfigureAwait(false);
            return null;
        }

        var options = new ScanOptions { Platform = platform };
        options = options with { RootfsExcludes = [.. options.RootfsExcludes, .. excludes ?? []] };
        return await InventoryBuilder.BuildAsync(new ImageSource(image), options, cancellationToken).ConfigureAwait(false);
    }

    internal static void RenderInventory(ImageInventory inventory)
    {
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(inventory.ImageName)}[/] ({inventory.Format}{(inventory.Platform is null ? string.Empty : ", " + inventory.Platform)})");
        AnsiConsole.MarkupLine(inventory.Os is { } os
            ? $"OS: {Markup.Escape(os.Id)} {Markup.Escape(os.VersionId ?? string.Empty)} {Markup.Escape(os.Codename ?? string.Empty)}"
            : "OS: unknown");
        var table = new Table().AddColumns("Name", "Version", "Type", "Source", "Layer");
        foreach (var package in inventory.Packages.OrderBy(p => p.Type, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal))
        {
            table.AddRow(
                Markup.Escape(package.Name),
                Markup.Escape(package.Version),
                package.Type,
                Markup.Escape(package.SourceName ?? string.Empty),
                Markup.Escape(ShortDigest(package.LayerDigest)));
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"{inventory.Packages.Count} package(s)");
        foreach (var warning in inventory.Warnings)
        {
            AnsiConsole.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning)}");
        }
    }

    private static string ShortDigest(string? digest) =>
        digest is null ? "-" : digest.Length > 19 ? digest[..19] : digest;
}
