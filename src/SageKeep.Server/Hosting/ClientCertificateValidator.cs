using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SageKeep.Server.Hosting;

/// <summary>
/// mTLS: a client certificate is accepted only when it chains to one of the operator's CA
/// certificates (and nothing else: the system trust store is not consulted) and, if it has an
/// extended key usage, that includes clientAuth (RFC 5280 section 4.2.1.12).
/// </summary>
internal sealed class ClientCertificateValidator(X509Certificate2Collection trustedAuthorities)
{
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    public bool Validate(X509Certificate2 certificate, X509Chain? presentedChain, SslPolicyErrors errors)
    {
        // Step 1: ignore the platform's verdict (it used the system roots); build our own chain.
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trustedAuthorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(ClientAuthentication);

        // Step 2: intermediates the client sent may complete the path, but never act as anchors.
        if (presentedChain is not null)
        {
            foreach (var element in presentedChain.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        // Step 3: the chain must build to an operator CA with no error at all.
        return chain.Build(certificate);
    }
}
