using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SageKeep.IntegrationTests.Infrastructure;
using SageKeep.Security.Credentials;
using SageKeep.Server;
using SageKeep.Server.Credentials;
using SageKeep.Server.Protocols;

namespace SageKeep.IntegrationTests.Audit;

/// <summary>
/// The audit trail end to end: the real aws CLI calls the running server as an IAM user without policies,
/// and <c>sagekeep audit</c> shows every call (allowed, not requiring permission, denied, refused at
/// authentication) with the caller, the action, the decision and the TLS details, and no secret anywhere
/// in the trail's files.
/// </summary>
public sealed class AuditTrailTests : IAsyncLifetime
{
    private const string UserArn = "arn:aws:iam::123456789012:user/auditee";
    private readonly string _dataDir = ServerProcess.CreateTempDirectory();
    private readonly PrincipalInfo _user = new("123456789012", UserArn, "AIDAAUDITEEEXAMPLE001", PrincipalType.User, AccessKeyGenerator.NewAccessKeyId());
    private readonly string _secret = AccessKeyGenerator.NewSecretAccessKey();
    private InProcessServer _host = null!;
    private SageKeepServer _server = null!;

    public async Task InitializeAsync()
    {
        _host = await InProcessServer.StartAsync(_dataDir, settings => settings with { AccountId = "123456789012" }, services => services.AddOperation<ListNotebookInstancesProbe>());
        _server = _host.Server;
        var keys = _server.Services.GetRequiredService<AccessKeyStore>();
        (await keys.AddAsync(_user, _secret, CredentialStatus.Active, CancellationToken.None)).ShouldBeTrue();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task EveryCall_AllowedDeniedOrRefused_IsInTheTrail_WithoutSecrets()
    {
        var identity = await Aws(_secret, null, "sts", "get-caller-identity");
        identity.ExitCode.ShouldBe(0, identity.StdErr);
        var session = await Aws(_secret, null, "sts", "get-session-token", "--duration-seconds", "900");
        session.ExitCode.ShouldBe(0, session.StdErr);
        var sessionCredentials = JsonDocument.Parse(session.StdOut).RootElement.GetProperty("Credentials");
        var denied = await Aws(_secret, null, "sagemaker", "list-notebook-instances");
        denied.ExitCode.ShouldNotBe(0);
        denied.StdErr.ShouldContain(
            $"User: {UserArn} is not authorized to perform: sagemaker:ListNotebookInstances on resource: * because no identity-based policy allows the sagemaker:ListNotebookInstances action");
        var forged = await Aws("wrong" + _secret[5..], null, "sts", "get-caller-identity");
        forged.ExitCode.ShouldNotBe(0);

        var records = await AuditQuery.WaitForAsync(_dataDir, expected: 4);

        records.Count.ShouldBe(4, string.Join('\n', records.Select(r => r.ToJsonString())));
        var byEvent = records.ToLookup(r => (string?)r["eventName"]);

        var allowed = byEvent["GetSessionToken"].Single();
        allowed["decision"]!.GetValue<string>().ShouldBe("Allowed");
        allowed["userIdentity"]!["arn"]!.GetValue<string>().ShouldBe(UserArn);
        allowed["userIdentity"]!["accessKeyId"]!.GetValue<string>().ShouldBe(_user.AccessKeyId);
        allowed["sourceIPAddress"]!.GetValue<string>().ShouldBe("127.0.0.1");
        allowed["tlsDetails"]!["tlsVersion"]!.GetValue<string>().ShouldStartWith("Tls1");
        allowed["requestParameters"]!["DurationSeconds"]!.GetValue<int>().ShouldBe(900);

        var deniedRecord = byEvent["ListNotebookInstances"].Single();
        deniedRecord["decision"]!.GetValue<string>().ShouldBe("ImplicitDeny");
        deniedRecord["action"]!.GetValue<string>().ShouldBe("sagemaker:ListNotebookInstances");
        deniedRecord["errorCode"]!.GetValue<string>().ShouldBe("AccessDeniedException");

        var callerIdentity = byEvent["GetCallerIdentity"].ToList();
        callerIdentity.Select(r => r["decision"]!.GetValue<string>()).Order().ShouldBe(["NotRequired", "Unauthenticated"]);
        var refused = callerIdentity.Single(r => r["decision"]!.GetValue<string>() == "Unauthenticated");
        refused["errorCode"]!.GetValue<string>().ShouldBe("SignatureDoesNotMatch");
        refused["userIdentity"]!["accessKeyId"]!.GetValue<string>().ShouldBe(_user.AccessKeyId);

        var trail = string.Concat(Directory.GetFiles(Path.Combine(_dataDir, "audit")).Select(File.ReadAllText));
        trail.ShouldNotContain(_secret);
        trail.ShouldNotContain(sessionCredentials.GetProperty("SecretAccessKey").GetString()!);
        trail.ShouldNotContain(sessionCredentials.GetProperty("SessionToken").GetString()!);
        trail.ShouldNotContain("Signature=");
    }

    [Fact]
    public async Task AuditCommand_FiltersByDecisionAndPrincipal()
    {
        (await Aws(_secret, null, "sts", "get-caller-identity")).ExitCode.ShouldBe(0);
        (await Aws(_secret, null, "sagemaker", "list-notebook-instances")).ExitCode.ShouldNotBe(0);

        await AuditQuery.WaitForAsync(_dataDir, expected: 2);
        var denied = await ServerProcess.RunCliAsync(["audit", "--data-dir", _dataDir, "--format", "json", "--decision", "ImplicitDeny"]);
        var byPrincipal = await ServerProcess.RunCliAsync(["audit", "--data-dir", _dataDir, "--format", "json", "--principal", UserArn, "--action", "sagemaker:ListNotebookInstances"]);
        var nobody = await ServerProcess.RunCliAsync(["audit", "--data-dir", _dataDir, "--format", "json", "--principal", "arn:aws:iam::123456789012:user/nobody"]);

        denied.StdOut.Trim().Split('\n').Single().ShouldContain("\"eventName\":\"ListNotebookInstances\"");
        byPrincipal.StdOut.Trim().Split('\n').Single().ShouldContain("\"decision\":\"ImplicitDeny\"");
        nobody.ExitCode.ShouldBe(0, nobody.StdErr);
        nobody.StdOut.Trim().ShouldBeEmpty();
    }

    private Task<(int ExitCode, string StdOut, string StdErr)> Aws(string secret, string? sessionToken, params string[] arguments) =>
        AwsCli.RunAsync(_server.Settings.EndpointUrl, _server.CertificatePath, _user.AccessKeyId, secret, arguments, sessionToken: sessionToken);

    /// <summary>A SageMaker operation nothing else implements, so the IAM denial in front of it can be observed.</summary>
    private sealed class ListNotebookInstancesProbe : IOperationHandler
    {
        public string Service => "sagemaker";

        public string Operation => "ListNotebookInstances";

        public ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct) =>
            ValueTask.FromResult(OperationResult.Ok(new JsonObject { ["NotebookInstances"] = new JsonArray() }));
    }
}
