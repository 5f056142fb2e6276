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
    internal void Configure(TlsOptions tls, string host)
        => tls.OnAuthenticateAsClient = (_, options) =>
        {
            options.TargetHost = host;
            // Typed object in Orleans's API; it is the SslStream options the handshake uses.
            Apply((SslClientAuthenticationOptions)options.SslClientAuthenticationOptions);
        };

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
