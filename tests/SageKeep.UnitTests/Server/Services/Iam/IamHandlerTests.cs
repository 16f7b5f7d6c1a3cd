using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SageKeep.Core;
using SageKeep.Server.Services.Iam;
using SageKeep.Server.Storage;
using SageKeep.UnitTests.Server.Protocols;

namespace SageKeep.UnitTests.Server.Services.Iam;

/// <summary>
/// The IAM handlers behind the awsQuery protocol layer, over a real store, read back with botocore's own
/// parser: pagination, error codes and statuses, URL-encoded documents, model validation of names.
/// </summary>
public sealed class IamHandlerTests : IAsyncLifetime
{
    private IamStoreHarness _h = null!;

    public async Task InitializeAsync() => _h = await IamStoreHarness.CreateAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task ListUsers_PagesWithMaxItemsAndMarker_UntilNotTruncated()
    {
        foreach (var name in new[] { "dora", "alice", "carol", "bob", "erin" })
        {
            await _h.Store.CreateUserAsync(name, "/", null, [], default);
        }

        var names = new List<string>();
        string? marker = null;
        var pages = 0;
        do
        {
            var form = "Action=ListUsers&Version=2010-05-08&MaxItems=2" + (marker is null ? string.Empty : "&Marker=" + Uri.EscapeDataString(marker));
            var page = await CallAsync("ListUsers", form);
            names.AddRange(page["Users"]!.AsArray().Select(u => u!["UserName"]!.GetValue<string>()));
            marker = page["IsTruncated"]!.GetValue<bool>() ? page["Marker"]!.GetValue<string>() : null;
            pages++;
        }
        while (marker is not null);

        names.ShouldBe(["alice", "bob", "carol", "dora", "erin"]);
        pages.ShouldBe(3);
    }

    [Fact]
    public async Task ListUsers_WithAMarkerThisServerDidNotIssue_AnswersValidationError()
    {
        var error = await CallAsync("ListUsers", "Action=ListUsers&Version=2010-05-08&Marker=bogus");

        error["Error"]!["Code"]!.GetValue<string>().ShouldBe("ValidationError");
    }

    [Fact]
    public async Task CreateUser_WithAnInvalidName_AnswersValidationErrorFromTheModel()
    {
        var error = await CallAsync("CreateUser", "Action=CreateUser&Version=2010-05-08&UserName=bad%20name");

        error["Error"]!["Code"]!.GetValue<string>().ShouldBe("ValidationError");
        (await _h.Store.ListUsersAsync(null, default)).ShouldBeEmpty();
    }

    [Fact]
    public async Task GetUser_Unknown_AnswersNoSuchEntityWith404()
    {
        var response = await SendAsync("Action=GetUser&Version=2010-05-08&UserName=nobody");

        response.Status.ShouldBe(404);
        var error = response.ParseWithBotocore("iam", "GetUser")["Error"]!;
        error["Code"]!.GetValue<string>().ShouldBe("NoSuchEntity");
        error["Message"]!.GetValue<string>().ShouldBe("The user with name nobody cannot be found.");
    }

    [Fact]
    public async Task CreateUser_Twice_AnswersEntityAlreadyExistsWith409()
    {
        await SendAsync("Action=CreateUser&Version=2010-05-08&UserName=alice");

        var response = await SendAsync("Action=CreateUser&Version=2010-05-08&UserName=alice");

        response.Status.ShouldBe(409);
        response.ParseWithBotocore("iam", "CreateUser")["Error"]!["Code"]!.GetValue<string>().ShouldBe("EntityAlreadyExists");
    }

    [Fact]
    public async Task GetUserPolicy_ReturnsTheDocumentUrlEncodedAsIamDoes()
    {
        const string document = """{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/a+b c"}]}""";
        await _h.Store.CreateUserAsync("alice", "/", null, [], default);
        await _h.Store.PutInlinePolicyAsync(SageKeep.Server.Services.Iam.Store.IamEntityKind.User, "alice", "p", document, default);

        var result = await CallAsync("GetUserPolicy", "Action=GetUserPolicy&Version=2010-05-08&UserName=alice&PolicyName=p");

        Uri.UnescapeDataString(result["PolicyDocument"]!.GetValue<string>()).ShouldBe(document);
        result["PolicyDocument"]!.GetValue<string>().ShouldNotContain(" ");
    }

    [Fact]
    public async Task PutUserPolicy_Malformed_AnswersMalformedPolicyDocumentWithTheParsersMessage()
    {
        await _h.Store.CreateUserAsync("alice", "/", null, [], default);
        var document = Uri.EscapeDataString("""{"Version":"2012-10-17","Statement":[{"Effect":"Permit","Action":"s3:*","Resource":"*"}]}""");

        var error = await CallAsync("PutUserPolicy", $"Action=PutUserPolicy&Version=2010-05-08&UserName=alice&PolicyName=p&PolicyDocument={document}");

        error["Error"]!["Code"]!.GetValue<string>().ShouldBe("MalformedPolicyDocument");
        error["Error"]!["Message"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task CreateAccessKey_WithoutUserName_AsAUser_CreatesTheCallersOwnKey()
    {
        // The harness authenticates every request as arn:aws:iam::123456789012:user/alice.
        await _h.Store.CreateUserAsync("alice", "/", null, [], default);

        var result = await CallAsync("CreateAccessKey", "Action=CreateAccessKey&Version=2010-05-08");

        result["AccessKey"]!["UserName"]!.GetValue<string>().ShouldBe("alice");
        result["AccessKey"]!["SecretAccessKey"]!.GetValue<string>().Length.ShouldBe(40);
    }

    private async Task<JsonNode> CallAsync(string operation, string form) =>
        (await SendAsync(form)).ParseWithBotocore("iam", operation);

    private Task<EndpointHarness.CapturedResponse> SendAsync(string form) =>
        EndpointHarness.QueryAsync(form, "iam", services =>
        {
            EndpointHarness.AcceptAll(services);
            services.AddSingleton<IStateStore>(_h.State);
            services.AddSingleton(_h.MasterKey);
            services.AddSingleton<TimeProvider>(_h.Time);
            services.AddSingleton(new AwsAccount(IamStoreHarness.AccountId, "us-east-1"));
            services.AddSingleton(_h.Keys);
            services.AddIamOperations();
        });
}
