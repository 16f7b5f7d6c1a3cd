using System.Security.Cryptography;
using System.Text;
using SageKeep.Security.Credentials;

namespace SageKeep.UnitTests.Security.Credentials;

public sealed class SecretProtectorTests
{
    private const string Secret = "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY12";
    private readonly SecretProtector _protector = new(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void Unprotect_OfWhatProtectMade_GivesTheSecretBack() =>
        _protector.Unprotect(_protector.Protect(Secret, "AKIAEXAMPLE"), "AKIAEXAMPLE").ShouldBe(Secret);

    [Fact]
    public void Protect_DoesNotContainTheSecretInTheClear()
    {
        var blob = _protector.Protect(Secret, "AKIAEXAMPLE");

        Encoding.UTF8.GetString(blob).ShouldNotContain(Secret[..8]);
        _protector.Protect(Secret, "AKIAEXAMPLE").ShouldNotBe(blob, "a fresh nonce each time");
    }

    [Fact]
    public void Unprotect_UnderAnotherAccessKeyId_IsRefused() =>
        _protector.Unprotect(_protector.Protect(Secret, "AKIAEXAMPLE"), "AKIAOTHER").ShouldBeNull();

    [Fact]
    public void Unprotect_WithAnyByteChanged_IsRefused()
    {
        var blob = _protector.Protect(Secret, "AKIAEXAMPLE");
        for (var i = 0; i < blob.Length; i++)
        {
            var tampered = (byte[])blob.Clone();
            tampered[i] ^= 0x01;
            _protector.Unprotect(tampered, "AKIAEXAMPLE").ShouldBeNull($"byte {i}");
        }
    }

    [Fact]
    public void Unprotect_UnderAnotherMasterKey_IsRefused() =>
        new SecretProtector(RandomNumberGenerator.GetBytes(32)).Unprotect(_protector.Protect(Secret, "AKIAEXAMPLE"), "AKIAEXAMPLE").ShouldBeNull();

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(28)]
    public void Unprotect_OfATruncatedBlob_IsRefused(int length) =>
        _protector.Unprotect(_protector.Protect(Secret, "AKIAEXAMPLE").AsSpan(0, length), "AKIAEXAMPLE").ShouldBeNull();

    [Fact]
    public void ToString_RevealsNoKeyMaterial() => _protector.ToString().ShouldBe("SecretProtector(redacted)");
}
