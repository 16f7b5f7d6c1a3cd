using System.Net.Security;
using System.Security.Authentication;
using SageKeep.Server.Configuration;
using SageKeep.Server.Hosting;

namespace SageKeep.UnitTests.Server.Hosting;

public sealed class TlsPresetPolicyTests
{
    public static TheoryData<TlsPreset> AllPresets() => new(Enum.GetValues<TlsPreset>());

    [Theory]
    [MemberData(nameof(AllPresets))]
    public void EverySuite_IsForwardSecret_NeverStaticRsaKeyExchange(TlsPreset preset)
    {
        var suites = TlsPresetPolicy.For(preset).CipherSuites ?? [];

        suites.ShouldAllBe(s => s.ToString().StartsWith("TLS_ECDHE_", StringComparison.Ordinal) || TlsPresetPolicy.Tls13Suites.Contains(s));
    }

    [Theory]
    [MemberData(nameof(AllPresets))]
    public void PresetsWithTls13AndASuiteList_ListAllThreeTls13Suites(TlsPreset preset)
    {
        // A policy without TLS 1.3 suites makes every TLS 1.3 handshake fail.
        var policy = TlsPresetPolicy.For(preset);

        policy.Protocols.HasFlag(SslProtocols.Tls13).ShouldBeTrue();
        if (policy.CipherSuites is not null)
        {
            TlsPresetPolicy.Tls13Suites.ShouldBeSubsetOf(policy.CipherSuites);
        }
    }

    [Fact]
    public void Modern_IsTls13Only_AndKeepsOpenSslDefaultsForSessionResumption()
    {
        var policy = TlsPresetPolicy.For(TlsPreset.Modern);

        policy.Protocols.ShouldBe(SslProtocols.Tls13);
        policy.CipherSuites.ShouldBeNull();
    }

    [Fact]
    public void Intermediate_IsTls12And13_WithAeadSuitesOnly()
    {
        var policy = TlsPresetPolicy.For(TlsPreset.Intermediate);

        policy.Protocols.ShouldBe(SslProtocols.Tls12 | SslProtocols.Tls13);
        policy.CipherSuites.ShouldNotBeNull().Count.ShouldBe(9);
        policy.CipherSuites.ShouldAllBe(s => s.ToString().Contains("GCM", StringComparison.Ordinal) || s.ToString().Contains("CHACHA20", StringComparison.Ordinal));
    }

    [Fact]
    public void Compat_AddsEcdheCbcSuites_ButNoOldProtocols()
    {
        var policy = TlsPresetPolicy.For(TlsPreset.Compat);

        policy.Protocols.ShouldBe(SslProtocols.Tls12 | SslProtocols.Tls13);
        policy.CipherSuites.ShouldNotBeNull().ShouldContain(TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256);
        policy.CipherSuites.ShouldContain(TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384);
    }

    [Fact]
    public void Legacy_AddsTls10And11()
    {
#pragma warning disable SYSLIB0039, CA5397 // Asserting that the opt-in legacy preset enables them.
        TlsPresetPolicy.For(TlsPreset.Legacy).Protocols.ShouldBe(SslProtocols.Tls | SslProtocols.Tls11 | SslProtocols.Tls12 | SslProtocols.Tls13);
#pragma warning restore SYSLIB0039, CA5397
    }
}
