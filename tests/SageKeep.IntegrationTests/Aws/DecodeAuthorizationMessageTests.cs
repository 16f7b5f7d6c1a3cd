using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using SageKeep.IntegrationTests.Infrastructure;
using SageKeep.Security.Credentials;
using SageKeep.Server;
using SageKeep.Server.Credentials;
using SageKeep.Server.Protocols;

namespace SageKeep.IntegrationTests.Aws;

/// <summary>
/// EC2 denials carry an encoded authorization failure message; `aws sts decode-authorization-message`
/// opens it for a caller allowed sts:DecodeAuthorizationMessage (here the root user) and shows who was
/// refused which action.
/// </summary>
public sealed partial class DecodeAuthorizationMessageTests : IAsyncLifetime
{
    private const string UserArn = "arn:aws:iam::123456789012:user/netops";
    private const string RootKey = "AKIAIOSFODNN7EXAMPLE";
    private const string RootSecret = "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY12";
    private readonly string _dataDir = ServerProcess.CreateTempDirectory();
    private readonly PrincipalInfo _user = new("123456789012", UserArn, "AIDANETOPSEXAMPLE001", PrincipalType.User, AccessKeyGenerator.NewAccessKeyId());
    private readonly string _secret = AccessKeyGenerator.NewSecretAccessKey();
    private InProcessServer _host = null!;
    private SageKeepServer _server = null!;

    public async Task InitializeAsync()
    {
        _host = await InProcessServer.StartAsync(_dataDir, settings => settings with { AccountId = "123456789012" }, services => services.AddOperation<DescribeAccountAttributesProbe>());
        _server = _host.Server;
        var keys = _server.Services.GetRequiredService<AccessKeyStore>();
        (await keys.AddAsync(_user, _secret, CredentialStatus.Active, CancellationToken.None)).ShouldBeTrue();
        var root = new PrincipalInfo("123456789012", "arn:aws:iam::123456789012:root", "123456789012", PrincipalType.Root, RootKey);
        (await keys.AddAsync(root, RootSecret, CredentialStatus.Active, CancellationToken.None)).ShouldBeTrue();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Ec2Denial_CarriesAnEncodedMessage_ThatDecodeAuthorizationMessageOpens()
    {
        var denied = await Aws(_user.AccessKeyId, _secret, "ec2", "describe-account-attributes");
        denied.ExitCode.ShouldNotBe(0);
        denied.StdErr.ShouldContain("(UnauthorizedOperation)");
        denied.StdErr.ShouldContain($"User: {UserArn} is not authorized to perform: ec2:DescribeAccountAttributes");
        var encoded = EncodedMessage().Match(denied.StdErr).Groups[1].Value;
        encoded.ShouldNotBeNullOrEmpty(denied.StdErr);

        var (exitCode, stdout, stderr) = await Aws(RootKey, RootSecret, "sts", "decode-authorization-message", "--encoded-message", encoded);

        exitCode.ShouldBe(0, stderr);
        var decoded = JsonNode.Parse(JsonDocument.Parse(stdout).RootElement.GetProperty("DecodedMessage").GetString()!)!;
        decoded["allowed"]!.GetValue<bool>().ShouldBeFalse();
        decoded["explicitDeny"]!.GetValue<bool>().ShouldBeFalse();
        decoded["context"]!["principal"]!["arn"]!.GetValue<string>().ShouldBe(UserArn);
        decoded["context"]!["action"]!.GetValue<string>().ShouldBe("ec2:DescribeAccountAttributes");
        decoded["context"]!["conditions"]!["items"]!.AsArray().Select(i => i!["key"]!.GetValue<string>()).ShouldContain("aws:SourceIp");
    }

    [Fact]
    public async Task DecodeAuthorizationMessage_WithoutPermission_OrOfAForgedMessage_IsRefused()
    {
        var unpermitted = await Aws(_user.AccessKeyId, _secret, "sts", "decode-authorization-message", "--encoded-message", "abcd");
        var forged = await Aws(RootKey, RootSecret, "sts", "decode-authorization-message", "--encoded-message", "bm90LWEtcmVhbC1tZXNzYWdlLWF0LWFsbA");

        unpermitted.StdErr.ShouldContain("(AccessDenied)");
        unpermitted.StdErr.ShouldContain("sts:DecodeAuthorizationMessage");
        forged.StdErr.ShouldContain("(InvalidAuthorizationMessageException)");
    }

    private Task<(int ExitCode, string StdOut, string StdErr)> Aws(string keyId, string secret, params string[] arguments) =>
        AwsCli.RunAsync(_server.Settings.EndpointUrl, _server.CertificatePath, keyId, secret, arguments);

    [GeneratedRegex(@"Encoded authorization failure message: ([A-Za-z0-9_\-]+)")]
    private static partial Regex EncodedMessage();

    /// <summary>An EC2 operation nothing else implements, so the IAM denial in front of it can be observed.</summary>
    private sealed class DescribeAccountAttributesProbe : IOperationHandler
    {
        public string Service => "ec2";

        public string Operation => "DescribeAccountAttributes";

        public ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct) =>
            ValueTask.FromResult(OperationResult.Ok(new JsonObject()));
    }
}
