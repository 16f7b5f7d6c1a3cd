using System.CommandLine;
using SageKeep.Server.Configuration;
using SageKeep.Server.Services.Sts;

namespace SageKeep.Cli;

/// <summary>
/// <c>sagekeep admin revoke-role-sessions --role-name NAME</c>: every session of the role issued before now
/// is denied from its next request on (an inline deny on aws:TokenIssueTime, as AWS does it). Safe while
/// the server runs.
/// </summary>
internal static class RevokeRoleSessionsCommand
{
    private const int Failed = 1;

    public static Command Create()
    {
        var dataDir = new Option<string>("--data-dir")
        {
            Description = "Data directory of the installation",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable(SettingKeys.DataDir.EnvironmentVariable) ?? ServerSettings.DefaultDataDirectory,
        };
        var roleName = new Option<string>("--role-name") { Description = "The role whose existing sessions to revoke", Required = true };
        var command = new Command("revoke-role-sessions", "Deny every session of a role issued before now (the role's later sessions are unaffected).") { dataDir, roleName };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var role = parseResult.GetValue(roleName)!;
            var error = await RoleSessionRevocation.RevokeAsync(parseResult.GetValue(dataDir)!, role, TimeProvider.System, cancellationToken);
            if (error is not null)
            {
                await Console.Error.WriteLineAsync($"sagekeep admin revoke-role-sessions: {error}");
                return Failed;
            }

            Console.WriteLine($"Sessions of role {role} issued before now are revoked (inline policy {RoleSessionRevocation.PolicyName}).");
            return 0;
        });
        return command;
    }
}
