using SageKeep.Security.Iam.Model;
using SageKeep.Security.Iam.Parsing;

namespace SageKeep.UnitTests.Iam;

/// <summary>Every malformed document is refused with the exact MalformedPolicyDocument message IAM users see.</summary>
public sealed class PolicyParserMalformedTests
{
    private const string Allow = "\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"";

    public static TheoryData<string, PolicyKind, string> Cases => new()
    {
        { "not json", PolicyKind.Identity, "Syntax errors in policy." },
        { "", PolicyKind.Identity, "Syntax errors in policy." },
        { "[]", PolicyKind.Identity, "Syntax errors in policy." },
        { "{\"Version\":\"2012-10-17\",\"Statement\":[{" + Allow + "}", PolicyKind.Identity, "Syntax errors in policy." },
        { "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}", PolicyKind.Identity, "Syntax errors in policy." },
        { "{\"Version\":\"2012-10-17\"}", PolicyKind.Identity, "Missing required field Statement" },
        { "{\"Version\":\"2012-10-18\",\"Statement\":{" + Allow + "}}", PolicyKind.Identity, "The policy failed legacy parsing" },
        { "{\"Version\":20121017,\"Statement\":{" + Allow + "}}", PolicyKind.Identity, "The policy failed legacy parsing" },
        { "{\"Version\":\"2012-10-17\",\"Statement\":[]}", PolicyKind.Identity, "Policy document must contain at least one statement" },
        { "{\"Version\":\"2012-10-17\",\"Statements\":[{" + Allow + "}]}", PolicyKind.Identity, "Unknown field Statements" },
        { "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Action\":\"s3:*\",\"Resource\":\"*\"}]}", PolicyKind.Identity, "Missing required field Effect" },
        { "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}", PolicyKind.Identity, "Invalid effect: allow" },
        { "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":1,\"Action\":\"s3:*\",\"Resource\":\"*\"}]}", PolicyKind.Identity, "Invalid effect: 1" },
        { "{\"Version\":\"2012-10-17\",\"Statement\":[{" + Allow + ",\"Actions\":\"s3:*\"}]}", PolicyKind.Identity, "Unknown field Actions" },
        { "{\"Version\":\"2012-10-17\",\"Statement\":[{" + Allow + ",\"Principal\":\"*\"}]}", PolicyKind.Identity, "Policy document should not specify a principal." },
        { "{\"Version\":\"2012-10-17\",\"Statement\":[{" + Allow + ",\"NotPrincipal\":{\"AWS\":\"111122223333\"}}]}", PolicyKind.Identity, "Policy document should not specify a principal." },
        { "{\"Version\":\"2012-10-17\",\"Statement\":[{" + Allow + "}]}", PolicyKind.Resource, "Missing required field Principal" },
        { "{\"Version\":\"2012-10-17\",\"Statement\":[{" + Allow + ",\"Principal\":{\"AWS\":\"bob\"}}]}", PolicyKind.Resource, "Invalid principal in policy: \"AWS\":\"bob\"" },
        { "{\"Version\":\"2012-10-17\",\"Statement\":[{" + Allow + ",\"Principal\":{\"Canonical\":\"x\"}}]}", PolicyKind.Resource, "Invalid principal in policy: \"Canonical\":\"x\"" },
        { "{\"Version\":\"2012-10-17\",\"Statement\":[{" + Allow + ",\"Principal\":\"*\",\"NotPrincipal\":\"*\"}]}", PolicyKind.Resource, "Statement must not contain both Principal and NotPrincipal" },
        { "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Principal\":{\"Service\":\"sagemaker.amazonaws.com\"},\"Resource\":\"*\"}]}", PolicyKind.Trust, "Has prohibited field Resource" },
        { "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Resource\":\"*\"}]}", PolicyKind.Identity, "Policy statement must contain actions." },
        { "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[],\"Resource\":\"*\"}]}", PolicyKind.Identity, "Policy statement must contain actions." },
        { "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\"}]}", PolicyKind.Identity, "Policy statement must contain resources." },
        { "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"GetObject\",\"Resource\":\"*\"}]}", PolicyKind.Identity, "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc." },
        { "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:\",\"Resource\":\"*\"}]}", PolicyKind.Identity, "Policy has invalid action" },
        { "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:Get Object\",\"Resource\":\"*\"}]}", PolicyKind.Identity, "Policy has invalid action" },
        { "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:a:b\",\"Resource\":\"*\"}]}", PolicyKind.Identity, "Policy has invalid action" },
        { "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":5,\"Resource\":\"*\"}]}", PolicyKind.Identity, "Action must be a string or an array of strings" },
        { "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:*\",7],\"Resource\":\"*\"}]}", PolicyKind.Identity, "Action must be a string or an array of strings" },
        { "{\"Version\":\"2012-10-17\",\"Statement\":[{" + Allow + ",\"NotAction\":\"s3:*\"}]}", PolicyKind.Identity, "Statement must not contain both Action and NotAction" },
        { "{\"Version\":\"2012-10-17\",\"Statement\":[{" + Allow + ",\"NotResource\":\"*\"}]}", PolicyKind.Identity, "Statement must not contain both Resource and NotResource" },
        { "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"bucket\"}]}", PolicyKind.Identity, "Resource bucket must be in ARN format or \"*\"." },
        { "{\"Version\":\"2012-10-17\",\"Statement\":[{" + Allow + ",\"Condition\":{\"StringEqualz\":{\"aws:username\":\"a\"}}}]}", PolicyKind.Identity, "Invalid Condition type : StringEqualz" },
        { "{\"Version\":\"2012-10-17\",\"Statement\":[{" + Allow + ",\"Condition\":{\"NullIfExists\":{\"aws:username\":\"true\"}}}]}", PolicyKind.Identity, "Invalid Condition type : NullIfExists" },
        { "{\"Version\":\"2012-10-17\",\"Statement\":[{" + Allow + ",\"Condition\":{\"ForAnyValue:Null\":{\"aws:username\":\"true\"}}}]}", PolicyKind.Identity, "Invalid Condition type : ForAnyValue:Null" },
        { "{\"Version\":\"2012-10-17\",\"Statement\":[{" + Allow + ",\"Condition\":{\"IpAddress\":{\"SourceIp\":\"10.0.0.0/8\"}}}]}", PolicyKind.Identity, "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc." },
        { "{\"Version\":\"2012-10-17\",\"Statement\":[{" + Allow + ",\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":{\"a\":1}}}}]}", PolicyKind.Identity, "Invalid value for condition key aws:SourceIp" },
        { "{\"Version\":\"2012-10-17\",\"Statement\":[{" + Allow + ",\"Condition\":{\"StringEquals\":{\"aws:username\":[]}}}]}", PolicyKind.Identity, "Invalid value for condition key aws:username" },
        { "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"my sid\"," + Allow + "}]}", PolicyKind.Identity, "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*" },
        { "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"A\"," + Allow + "},{\"Sid\":\"A\"," + Allow + "}]}", PolicyKind.Identity, "Statement IDs (SID) in a single policy must be unique." },
        { "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"aws:username\":[[[[[\"x\"]]]]]}}}}", PolicyKind.Identity, "Policy document nests deeper than 8 levels" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_MalformedDocument_IsRefusedWithExactMessage(string json, PolicyKind kind, string expected)
    {
        var result = PolicyParser.Parse(json, kind);

        result.IsSuccess.ShouldBeFalse();
        result.Policy.ShouldBeNull();
        result.Error!.Message.ShouldBe(expected);
    }

    [Fact]
    public void Parse_DocumentLargerThanTheCap_IsRefusedBeforeParsing()
    {
        var json = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Sid\":\"" + new string('a', PolicyParser.MaxBytes) + "\"," + Allow + "}}";

        var result = PolicyParser.Parse(json, PolicyKind.Identity);

        result.Error!.Message.ShouldBe("Policy document exceeds the maximum size of 131072 bytes");
    }

    [Fact]
    public void Parse_ResourcePolicyWithSpacesInSid_IsAccepted()
    {
        var json = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Sid\":\"Public read\",\"Principal\":\"*\"," + Allow + "}}";

        var result = PolicyParser.Parse(json, PolicyKind.Resource, "bucket-policy");

        result.IsSuccess.ShouldBeTrue();
        result.Policy.PolicyId.ShouldBe("bucket-policy");
        result.Policy.StatementCount.ShouldBe(1);
    }

    [Fact]
    public void Parse_ValidPolicy_KeepsVersionIdAndStatements()
    {
        var json = "{\"Version\":\"2012-10-17\",\"Id\":\"p1\",\"Statement\":[{" + Allow + "},{\"Effect\":\"Deny\",\"NotAction\":\"iam:*\",\"NotResource\":\"arn:aws:s3:::b/*\"}]}";

        var result = PolicyParser.Parse(json, PolicyKind.Identity);

        result.IsSuccess.ShouldBeTrue();
        result.Policy.Version.ShouldBe(PolicyVersion.V20121017);
        result.Policy.Id.ShouldBe("p1");
        result.Policy.StatementCount.ShouldBe(2);
    }
}
