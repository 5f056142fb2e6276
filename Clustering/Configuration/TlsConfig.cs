using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Maildriver.Clustering.Configuration;

/// <summary>
/// One machine's TLS identity for the ports people reach from outside (gateway, dashboard, and the application's
/// own, such as POP3's STLS): a PEM certificate chain and its PEM private key. In <c>cluster.json</c> it is
/// <c>"tls": { "certificate": "tls/{machine}.crt", "key": "tls/{machine}.key" }</c>, at the top (every machine,
/// with <c>{machine}</c> replaced by the name) or inside a machine (that machine only).
/// </summary>
public sealed class TlsConfig
{
    /// <summary>The certificate file (PEM; the machine's certificate first, then any intermediates), absolute.</summary>
    public required string CertificatePath { get; init; }

    /// <summary>The private key file (PEM, unencrypted PKCS#8 or RSA/EC), absolute.</summary>
    public required string KeyPath { get; init; }

    /// <summary>
    /// The authority's certificate file (PEM, absolute), optional: the machines accept each other's certificates on
    /// the silo port only when they chain to it (else to the system's trusted roots).
    /// </summary>
    public string? AuthorityPath { get; init; }

    /// <summary>Where in <c>cluster.json</c> this came from, for error messages (e.g. <c>machines[1].tls</c>).</summary>
    public required string Field { get; init; }

    /// <summary>
    /// Reads the certificate with its key. Called when a server starts, not when the file is parsed: on a real
    /// deployment each host holds only its own machine's files.
    /// </summary>
    /// <exception cref="ClusterConfigException">A file is missing or unreadable, or the key does not match; the message names the field and the file.</exception>
    public X509Certificate2 LoadCertificate()
    {
        if (!File.Exists(CertificatePath))
        {
            throw new ClusterConfigException($"{Field}.certificate: no such file '{CertificatePath}'");
        }

        if (!File.Exists(KeyPath))
        {
            throw new ClusterConfigException($"{Field}.key: no such file '{KeyPath}'");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPemFile(CertificatePath, KeyPath);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            throw new ClusterConfigException($"{Field}: cannot load the certificate '{CertificatePath}' with the key '{KeyPath}': {ex.Message}");
        }

        if (certificate.NotAfter.ToUniversalTime() < DateTime.UtcNow)
        {
            // The wall clock on purpose: certificate validity is judged by the real date, as every TLS client judges it.
            var notAfter = certificate.NotAfter;
            certificate.Dispose();
            throw new ClusterConfigException($"{Field}.certificate: '{CertificatePath}' expired on {notAfter:u}");
        }

        return certificate;
    }

    /// <summary>The authority's certificates, or null when <see cref="AuthorityPath"/> is not set (the system's roots then).</summary>
    /// <exception cref="ClusterConfigException">The file is missing or holds no PEM certificate; the message names the field and the file.</exception>
    public X509Certificate2Collection? LoadAuthority()
    {
        if (AuthorityPath is null)
        {
            return null;
        }

        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPemFile(AuthorityPath);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new ClusterConfigException($"{Field}.authority: cannot read '{AuthorityPath}': {ex.Message}");
        }

        return roots.Count > 0 ? roots : throw new ClusterConfigException($"{Field}.authority: '{AuthorityPath}' holds no PEM certificate");
    }
}
