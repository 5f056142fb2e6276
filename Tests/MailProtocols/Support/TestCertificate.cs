using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Maildriver.Tests.MailProtocols.Support;

/// <summary>A self-signed certificate for localhost and 127.0.0.1, written as the PEM files a <c>"tls"</c> section names.</summary>
public static class TestCertificate
{
    /// <summary>Writes <c>test.crt</c> and <c>test.key</c> into <paramref name="folder"/> and returns their paths.</summary>
    public static (string Certificate, string Key) WritePem(string folder)
    {
        Directory.CreateDirectory(folder);
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

        var paths = (Path.Combine(folder, "test.crt"), Path.Combine(folder, "test.key"));
        File.WriteAllText(paths.Item1, certificate.ExportCertificatePem());
        File.WriteAllText(paths.Item2, key.ExportPkcs8PrivateKeyPem());
        return paths;
    }
}
