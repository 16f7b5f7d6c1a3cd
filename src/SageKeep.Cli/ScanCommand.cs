using System.CommandLine;
using SageKeep.Scanning.Images;
using SageKeep.Scanning.Inventory;
using SageKeep.Server.Configuration;
using SageKeep.Server.Registry;
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
        var dataDir = DataDirOption();
        var gate = new ScanGateOptions();
        var command = new Command(
            "scan",
            "Scan a container image (OCI layout, OCI or docker archive, a root filesystem directory, or registry://REPO:TAG in SageKeep's registry) "
            + "for known vulnerabilities using the offline database ('sagekeep db import'), and report them.")
        {
            image,
            platform,
            exclude,
            dataDir,
        };
        foreach (var option in gate.All)
        {
            command.Options.Add(option);
        }

        command.SetAction((parseResult, cancellationToken) =>
            ScanRun.RunAsync(parseResult, new ImageArguments(parseResult.GetValue(image)!, parseResult.GetValue(platform), parseResult.GetValue(exclude), parseResult.GetValue(dataDir)), gate, cancellationToken));
        return command;
    }

    internal static Argument<string> ImageArgument() => new("image")
    {
        Description = "Path of an OCI image layout directory, an OCI or docker save archive (.tar, optionally gzip/zstd), or a root filesystem directory; "
            + "or registry://REPOSITORY[:TAG][@sha256:DIGEST] for an image in the registry of SageKeep's data directory (--data-dir).",
    };

    internal static Option<string?> DataDirOption() => new("--data-dir")
    {
        Description = $"registry:// images only: the server's data directory (env {SettingKeys.DataDir.EnvironmentVariable}; default {ServerSettings.DefaultDataDirectory}).",
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
    internal static async Task<InventoryOutcome?> BuildAsync(ImageArguments arguments, CancellationToken cancellationToken)
    {
        ImagePlatform? platform = null;
        if (arguments.Platform is { } platformText && (platform = ImagePlatform.Parse(platformText)) is null)
        {
            await Console.Error.WriteLineAsync($"error: --platform '{platformText}' is not os/arch[/variant]").ConfigureAwait(false);
            return null;
        }

        var options = new ScanOptions { Platform = platform };
        options = options with { RootfsExcludes = [.. options.RootfsExcludes, .. arguments.Excludes ?? []] };
        if (!arguments.Image.StartsWith(RegistryImageExport.Scheme, StringComparison.Ordinal))
        {
            return await InventoryBuilder.BuildAsync(new ImageSource(arguments.Image), options, cancellationToken).ConfigureAwait(false);
        }

        // An image of SageKeep's own registry: exported as an OCI layout (blobs verified again as they are read), scanned, deleted.
        var dataDirectory = arguments.DataDir
            ?? Environment.GetEnvironmentVariable(SettingKeys.DataDir.EnvironmentVariable)
            ?? ServerSettings.DefaultDataDirectory;
        var (export, error) = await RegistryImageExport.OpenAsync(dataDirectory, arguments.Image, cancellationToken).ConfigureAwait(false);
        if (export is null)
        {
            return InventoryOutcome.Failure(new ScanError(ScanErrorKind.InputNotFound, error!));
        }

        using (export)
        {
            var outcome = await InventoryBuilder.BuildAsync(new ImageSource(export.LayoutDirectory), options, cancellationToken).ConfigureAwait(false);
            return outcome.Succeeded ? InventoryOutcome.Success(outcome.Inventory with { ImageName = RegistryImageExport.Scheme + export.Name }) : outcome;
        }
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
