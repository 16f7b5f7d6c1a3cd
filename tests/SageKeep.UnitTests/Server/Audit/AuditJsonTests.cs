using System.Text.Json.Nodes;
using SageKeep.Server.Audit;

namespace SageKeep.UnitTests.Server.Audit;

public sealed class AuditJsonTests
{
    [Fact]
    public void ToLine_IsOneLine_EvenWithLineBreaksInCallerControlledValues_AndReadsBack()
    {
        var record = new AuditRecord
        {
            EventTime = new DateTimeOffset(2026, 11, 28, 12, 0, 0, 123, TimeSpan.Zero),
            RequestId = "req-1",
            Service = "iam",
            EventName = "CreateUser",
            Action = "iam:CreateUser",
            Resources = ["arn:aws:iam::123456789012:user/x"],
            PrincipalArn = "arn:aws:iam::123456789012:root",
            UserAgent = "evil\nagent\r\n{\"decision\":\"Allowed\"}",
            Decision = "ImplicitDeny",
            HttpStatus = 403,
            ErrorCode = "AccessDenied",
            RequestParameters = new JsonObject { ["UserName"] = "x\ny" },
        };

        var line = AuditJson.ToLine(record);

        line.Count(b => b == (byte)'\n').ShouldBe(1);
        line[^1].ShouldBe((byte)'\n');
        var back = AuditJson.FromLine(line.AsSpan(0, line.Length - 1)).ShouldNotBeNull();
        back.UserAgent.ShouldBe(record.UserAgent);
        back.Decision.ShouldBe("ImplicitDeny");
        back.EventTime.ShouldBe(record.EventTime);
        back.Resources.ShouldBe(record.Resources);
        back.RequestParameters!["UserName"]!.GetValue<string>().ShouldBe("x\ny");
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("{\"eventTime\":\"yesterday\"}")]
    public void FromLine_AnswersNullForLinesItDidNotWrite(string text) =>
        AuditJson.FromLine(System.Text.Encoding.UTF8.GetBytes(text)).ShouldBeNull();
}
