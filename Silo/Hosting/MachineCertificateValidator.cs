using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Maildriver.Silo.Hosting;

/// <summary>
/// Whether a certificate presented on a silo link belongs to a machine of this cluster: it chains to the cluster's
/// authority (<c>tls.authority</c>, else the system's trusted roots) and names one of the machines' hosts. Orleans
/// gives a silo link no host name to check (it sets no TargetHost), so the name check is ours: any machine's host,
/// since the connection does not say which machine it is meant to reach.
/// </summary>
public sealed class MachineCertificateValidator(X509Certificate2Collection? authority, IReadOnlyCollection<string> hosts)
{
    /// <summary>Orleans's <c>RemoteCertificateValidator</c>: true when <paramref name="certificate"/> is a machine's.</summary>
    public bool Validate(X509Certificate2 certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        using var chain = new X509Chain();
        // A private authority publishes no revocation lists; a site that revokes certificates uses a public one.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (authority is not null)
        {
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(authority);
        }

        // Intermediates the peer sent along with its certificate.
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return chain.Build(certificate) && hosts.Any(host => certificate.MatchesHostname(host, allowWildcards: true, allowCommonName: false));
    }
}
