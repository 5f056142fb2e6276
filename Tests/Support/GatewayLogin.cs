using Maildriver.Grains.Server;
using Maildriver.Runtime.Client;

namespace Maildriver.Tests.Support;

/// <summary>
/// A login at one gateway, in process, as the readiness check of a machine: a gateway that accepts it has its
/// HTTP endpoint up, its grains running and the user replicated to its store.
/// </summary>
public static class GatewayLogin
{
    /// <summary>Null when the login worked, else why it did not.</summary>
    /// <param name="gatewayPort">The gateway's port on 127.0.0.1.</param>
    /// <param name="user">Who logs in.</param>
    /// <param name="password">Their password.</param>
    /// <param name="tls">For a TLS gateway, the trust to check its certificate with; null for cleartext.</param>
    public static async Task<string?> TryAsync(int gatewayPort, string user, string password, GatewayTrust? tls = null)
    {
        await using var client = new ClusterClient(
            [new HttpGatewayConnection(new GatewayAddress("127.0.0.1", gatewayPort, UseTls: tls is not null), tls, TimeSpan.FromSeconds(1))],
            new ClusterClientOptions { CallTimeout = TimeSpan.FromSeconds(10) });
        try
        {
            await client.GetGrain<IMailServer>("gateway").Login(user, password);
            return null;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Not listening yet, still starting, or the user not replicated here yet: all mean "not yet".
            return $"{ex.GetType().Name}: {ex.Message}";
        }
    }
}
