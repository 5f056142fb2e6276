using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Maildriver.Tests.Processes.Security;

/// <summary>A bare TLS client on a loopback port: what a process without the cluster's certificate can do there.</summary>
public static class TlsProbe
{
    /// <summary>
    /// Connects to 127.0.0.1:<paramref name="port"/>, trusting <paramref name="authority"/>, showing
    /// <paramref name="clientCertificate"/> (or none), and returns null once the server has accepted the handshake,
    /// else why not. Under TLS 1.3 a server that wants a client certificate says so only after the client's side
    /// of the handshake is done, so a refusal may arrive as the connection's end: <paramref name="waitForRefusal"/>
    /// reads until the server ends the connection (bounded), for a port that must refuse.
    /// </summary>
    public static async Task<string?> HandshakeAsync(int port, X509Certificate2Collection authority, X509Certificate2? clientCertificate, bool waitForRefusal)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        await using var tls = new SslStream(tcp.GetStream());
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.AddRange(authority);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await tls.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = "127.0.0.1",
                    CertificateChainPolicy = policy,
                    ClientCertificates = clientCertificate is null ? null : [clientCertificate],
                },
                deadline.Token);
        }
        catch (Exception ex) when (ex is IOException or System.Security.Authentication.AuthenticationException or OperationCanceledException)
        {
            return $"the handshake failed: {ex.GetType().Name}: {ex.Message}";
        }

        if (!waitForRefusal)
        {
            return null;
        }

        try
        {
            // A server that accepted the client waits for it to speak: the deadline passes and the probe says "accepted".
            return await tls.ReadAsync(new byte[1], deadline.Token) == 0 ? "the server closed the connection after the handshake" : null;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        catch (Exception ex) when (ex is IOException or System.Security.Authentication.AuthenticationException)
        {
            return $"the server ended the connection: {ex.GetType().Name}: {ex.Message}";
        }
    }
}
