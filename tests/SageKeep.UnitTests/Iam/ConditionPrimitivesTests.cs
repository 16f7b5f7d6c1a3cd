using System.Net;
using SageKeep.Security.Iam.Conditions;

namespace SageKeep.UnitTests.Iam;

/// <summary>Operator names and CIDR blocks, the building blocks under the condition scenarios.</summary>
public sealed class ConditionPrimitivesTests
{
    [Theory]
    [InlineData("StringEquals", ConditionFamily.Text, false, false, SetQualifier.None)]
    [InlineData("ForAllValues:StringNotLikeIfExists", ConditionFamily.Text, true, true, SetQualifier.ForAllValues)]
    [InlineData("ForAnyValue:NumericLessThan", ConditionFamily.Numeric, false, false, SetQualifier.ForAnyValue)]
    [InlineData("NotIpAddressIfExists", ConditionFamily.IpAddress, true, true, SetQualifier.None)]
    [InlineData("ArnNotLike", ConditionFamily.Arn, true, false, SetQualifier.None)]
    [InlineData("DateGreaterThanEquals", ConditionFamily.Date, false, false, SetQualifier.None)]
    [InlineData("BinaryEquals", ConditionFamily.Binary, false, false, SetQualifier.None)]
    [InlineData("Null", ConditionFamily.Null, false, false, SetQualifier.None)]
    public void TryParse_KnownOperator_SplitsQualifierFamilyAndIfExists(
        string name, ConditionFamily family, bool negated, bool ifExists, SetQualifier qualifier)
    {
        var op = ConditionOperator.TryParse(name);

        op.ShouldNotBeNull();
        op.Family.ShouldBe(family);
        op.Negated.ShouldBe(negated);
        op.IfExists.ShouldBe(ifExists);
        op.Qualifier.ShouldBe(qualifier);
    }

    [Theory]
    [InlineData("StringEqual")]
    [InlineData("IfExists")]
    [InlineData("ForEveryValue:StringEquals")]
    [InlineData("NullIfExists")]
    [InlineData("ForAllValues:Null")]
    [InlineData("")]
    public void TryParse_UnknownOperator_IsNull(string name) => ConditionOperator.TryParse(name).ShouldBeNull();

    [Theory]
    [InlineData("10.0.0.0/8", "10.255.1.2", true)]
    [InlineData("10.0.0.0/8", "11.0.0.1", false)]
    [InlineData("192.0.2.77/24", "192.0.2.1", true)]
    [InlineData("192.0.2.0/25", "192.0.2.128", false)]
    [InlineData("203.0.113.7", "203.0.113.7", true)]
    [InlineData("0.0.0.0/0", "198.51.100.9", true)]
    [InlineData("2001:db8::/32", "2001:db8:ffff::1", true)]
    [InlineData("2001:db8::/33", "2001:db8:8000::1", false)]
    [InlineData("10.0.0.0/8", "::ffff:10.0.0.1", true)]
    [InlineData("10.0.0.0/8", "2001:db8::1", false)]
    public void Contains_ChecksThePrefixBits(string cidr, string address, bool expected) =>
        CidrBlock.TryParse(cidr)!.Contains(IPAddress.Parse(address)).ShouldBe(expected);

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("10.0.0/8")]
    [InlineData("10.0.0.0/-1")]
    [InlineData("fe80::1%eth0")]
    [InlineData("not-an-ip")]
    public void TryParse_InvalidBlock_IsNull(string cidr) => CidrBlock.TryParse(cidr).ShouldBeNull();
}
