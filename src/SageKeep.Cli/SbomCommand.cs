using System.CommandLine;
using SageKeep.Scanning.Sbom;

namespace SageKeep.Cli;

/// <summary><c>sagekeep sbom IMAGE --format cyclonedx|spdx|json</c>: the inventory as an SBOM document.</summary>
internal static class SbomCommand
{
    public static Command Create()
    {
        var image = ScanCommand.ImageArgument();
        var platform = ScanCommand.PlatformOption();
        var exclude = ScanCommand.ExcludeOption();
        var dataDir = ScanCommand.DataDirOption();
        var format = new Option<string>("--format")
        {
            Description = "cyclonedx (CycloneDX 1.6 JSON), spdx (SPDX 2.3 JSON) or json (SageKeep's inventory).",
            DefaultValueFactory = _ => "cyclonedx",
        };
        format.AcceptOnlyFromAmong("cyclonedx", "spdx", "json");
        var output = new Option<string?>("--output", "-o") { Description = "Write to this file instead of standard output." };
        var command = new Command("sbom", "Write the package inventory of a container image as an SBOM.") { image, platform, exclude, dataDir, format, output };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var arguments = new ImageArguments(parseResult.GetValue(image)!, parseResult.GetValue(platform), parseResult.GetValue(exclude), parseResult.GetValue(dataDir));
            var outcome = await ScanCommand.BuildAsync(arguments, cancellationToken).ConfigureAwait(false);
            if (outcome is null)
            {
                return 2;
            }

            if (!outcome.Succeeded)
            {
                await Console.Error.WriteLineAsync($"error: {outcome.Error}").ConfigureAwait(false);
                return 1;
            }

            var sbomFormat = parseResult.GetValue(format) switch
            {
                "spdx" => SbomFormat.Spdx,
                "json" => SbomFormat.Json,
                _ => SbomFormat.CycloneDx,
            };
            var path = parseResult.GetValue(output);
            var stream = path is null ? Console.OpenStandardOutput() : new FileStream(path, FileMode.Create, FileAccess.Write);
            await using (stream.ConfigureAwait(false))
            {
                SbomWriter.Write(outcome.Inventory, sbomFormat, stream);
            }

            return 0;
        });
        return command;
    }
}
