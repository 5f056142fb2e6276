using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;

namespace Maildriver.Client.Connection;

/// <summary>
/// Which certificates a client accepts from TLS gateways: the system's trusted roots, or, for a site with its own
/// authority (the self-signed set from <c>deploy/tls/make-self-signed.sh</c>), only the roots in one PEM file.
/// Host names are always checked.
/// </summary>
public sealed class GatewayTrust
{
    private readonly X509Certificate2Collection? _roots;

    private GatewayTrust(X509Certificate2Collection? roots) => _roots = roots;

    /// <summary>Trust what the operating system trusts.</summary>
    public static GatewayTrust System { get; } = new(null);

    /// <summary>Trusts only the certificate authorities in the PEM file at <paramref name="path"/>.</summary>
    /// <exception cref="ArgumentException">The file cannot be read or holds no certificate; the message names it.</exception>
    public static GatewayTrust FromPemFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPemFile(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new ArgumentException($"cannot read the CA certificate file '{path}': {ex.Message}", nameof(path), ex);
        }

        if (roots.Count == 0)
        {
            throw new ArgumentException($"the CA certificate file '{path}' holds no PEM certificate", nameof(path));
        }

        return new GatewayTrust(roots);
    }

    /// <summary>
    /// Sets an Orleans client's TLS to check a gateway's certificate for <paramref name="host"/> against these roots.
    /// </summary>
    /// <param name="tls">The Orleans client's TLS options.</param>
    /// <param name="host">The gateway's host, which its certificate must name.</param>
    /// <param name="rejected">Told why, when the certificate is refused: Orleans ends the connection without saying.</param>
    internal void Configure(TlsOptions tls, string host, Action<string> rejected)
    {
        tls.OnAuthenticateAsClient = (_, options) =>
        {
            options.TargetHost = host;
            // Typed object in Orleans's API; it is the SslStream options the handshake uses.
            Apply((SslClientAuthenticationOptions)options.SslClientAuthenticationOptions);
        };

        // The same rule as Orleans's default (any policy error refuses), with the reason kept.
        tls.RemoteCertificateValidation = (_, chain, errors) =>
        {
            if (errors == SslPolicyErrors.None)
            {
                return true;
            }

            rejected(Describe(errors, chain, host));
            return false;
        };
    }

    private static string Describe(SslPolicyErrors errors, X509Chain? chain, string host)
    {
        var problems = new List<string>();
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            problems.Add("it showed none");
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            problems.Add($"it does not name {host}");
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
        {
            var statuses = chain?.ChainStatus.Select(s => s.Status.ToString()).Distinct().ToList() ?? [];
            problems.Add($"its chain is not trusted ({(statuses.Count == 0 ? "unknown" : string.Join(", ", statuses))}; the site's authority goes in --ca-file)");
        }

        return $"the gateway's certificate was refused: {string.Join("; ", problems)}";
    }

    /// <summary>Applies this trust to a handler's TLS options.</summary>
    internal void Apply(SslClientAuthenticationOptions options)
    {
        if (_roots is null)
        {
            return;
        }

        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            // A private trial authority publishes no revocation lists.
            RevocationMode = X509RevocationMode.NoCheck,
        };
        policy.CustomTrustStore.AddRange(_roots);
        options.CertificateChainPolicy = policy;
    }
}
