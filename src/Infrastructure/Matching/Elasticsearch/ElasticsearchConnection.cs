using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace FiveSocieties.Infrastructure.Matching.Elasticsearch;

/// Credentials and TLS of the connection to the cluster, from <see cref="ElasticsearchOptions"/>.
public static class ElasticsearchConnection
{
    /// "ApiKey {encoded}", or "Basic {user:password}", or none.
    public static AuthenticationHeaderValue? Authorization(ElasticsearchOptions o)
    {
        if (!string.IsNullOrEmpty(o.ApiKey)) return new AuthenticationHeaderValue("ApiKey", o.ApiKey);
        if (!string.IsNullOrEmpty(o.Username))
            return new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{o.Username}:{o.Password}")));
        return null;
    }

    /// Pooled connections; with a certificate authority file, the cluster's certificate must chain
    /// to it (and its name must match), as Elasticsearch 8's self-made CA requires.
    public static HttpMessageHandler Handler(ElasticsearchOptions o)
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        if (o.CertificateAuthorityPath is not { Length: > 0 } path) return handler;
        var authority = X509Certificate2.CreateFromPemFile(path);
        handler.SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, errors) => Trusted(authority, certificate, errors),
        };
        return handler;
    }

    internal static bool Trusted(X509Certificate2 authority, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None) return true;
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate as X509Certificate2 ?? new X509Certificate2(certificate));
    }
}
