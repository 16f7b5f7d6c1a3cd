using System.CommandLine;
using SageKeep.Server.Configuration;
using SageKeep.Server.Services.Ec2.NetworkInterfaces;

namespace SageKeep.Cli;

/// <summary>
/// <c>sagekeep admin attach-namespace --netns NAME --subnet-id SUBNET --security-group-ids SG[,SG]</c> prints the
/// new interface's id and private IP; <c>detach-namespace --network-interface-id ENI</c> undoes it. Safe while
/// the server runs.
/// </summary>
internal static class NamespaceCommands
{
    private const int Failed = 1;

    public static Command Attach()
    {
        var dataDir = DataDir();
        var netns = new Option<string>("--netns") { Description = "An existing network namespace (ip netns list)", Required = true };
        var subnet = new Option<string>("--subnet-id") { Description = "The subnet the interface gets its address in", Required = true };
        var groups = new Option<string>("--security-group-ids") { Description = "Security groups, comma-separated (default: the VPC's default group)" };
        var command = new Command("attach-namespace", "Give an existing network namespace an interface in a VPC subnet with security groups; prints the interface id and its private IP.")
        {
            dataDir, netns, subnet, groups,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var groupIds = (parseResult.GetValue(groups) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var (eniId, address, error) = await NamespaceAttachments.AttachAsync(
                parseResult.GetValue(dataDir)!, parseResult.GetValue(netns)!, parseResult.GetValue(subnet)!, groupIds, TimeProvider.System, cancellationToken);
            if (error is not null)
            {
                await Console.Error.WriteLineAsync($"sagekeep admin attach-namespace: {error}");
                return Failed;
            }

            Console.WriteLine($"{eniId}\t{address}");
            return 0;
        });
        return command;
    }

    public static Command Detach()
    {
        var dataDir = DataDir();
        var eni = new Option<string>("--network-interface-id") { Description = "The interface attach-namespace printed", Required = true };
        var command = new Command("detach-namespace", "Remove an interface made by attach-namespace (its veth pair goes with it).") { dataDir, eni };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var error = await NamespaceAttachments.DetachAsync(parseResult.GetValue(dataDir)!, parseResult.GetValue(eni)!, cancellationToken);
            if (error is not null)
            {
                await Console.Error.WriteLineAsync($"sagekeep admin detach-namespace: {error}");
                return Failed;
            }

            Console.WriteLine($"{parseResult.GetValue(eni)} detached");
            return 0;
        });
        return command;
    }

    private static Option<string> DataDir() => new("--data-dir")
    {
        Description = "Data directory of the installation",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(SettingKeys.DataDir.EnvironmentVariable) ?? ServerSettings.DefaultDataDirectory,
    };
}
