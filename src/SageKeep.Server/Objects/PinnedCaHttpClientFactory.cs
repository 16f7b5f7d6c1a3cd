using System.Security.Cryptography.X509Certificates;
using Amazon.Runtime;

namespace SageKeep.Server.Objects;

/// <summary>HttpClients for AWSSDK that trust one given certificate (a self-signed or private-CA endpoint).</summary>
internal sealed class PinnedCaHttpClientFactory(string certificatePath) : HttpClientFactory
{
    private readonly X509Certificate2 _trusted = X509CertificateLoader.LoadCertificateFromFile(certificatePath);

    public override HttpClient CreateHttpClient(IClientConfig clientConfig)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
            errors == System.Net.Security.SslPolicyErrors.None
            || (certificate is not null && certificate.GetCertHash().AsSpan().SequenceEqual(_trusted.GetCertHash()));
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }
}
