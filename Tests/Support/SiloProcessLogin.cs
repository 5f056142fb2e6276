using Maildriver.Client.Connection;

namespace Maildriver.Tests.Support;

/// <summary>
/// A login at one machine's gateway, in process, through the client stack the CLI uses (<see cref="FailoverClient"/>
/// over an Orleans client): the readiness check of a real silo. A gateway that accepts it has its Orleans gateway
/// open, its front door serving and the user replicated to its store. One instance keeps its Orleans client between
/// attempts, so polling costs one call per attempt, not a new client each time.
/// </summary>
public sealed class SiloProcessLogin : IAsyncDisposable
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    private readonly FailoverClient _client;

    /// <param name="gateway">The gateway, as the CLI writes it: <c>127.0.0.1:port</c> or <c>https://127.0.0.1:port</c>.</param>
    /// <param name="trust">For a TLS gateway, the authority its certificate must chain to; null: the system's.</param>
    public SiloProcessLogin(string gateway, GatewayTrust? trust = null)
        => _client = new FailoverClient(GatewayList.Parse(gateway), new ClientSettings(trust ?? GatewayTrust.System) { ResponseTimeout = CallTimeout });

    /// <summary>Null when <paramref name="user"/>'s login worked, else why it did not.</summary>
    public async Task<string?> TryAsync(string user, string password)
    {
        try
        {
            await _client.Server.Login(user, password);
            return null;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Not listening yet, still starting, or the user not replicated here yet: all mean "not yet".
            return $"{ex.GetType().Name}: {ex.Message}";
        }
    }

    /// <summary>One attempt with a client of its own: null when the login worked, else why it did not.</summary>
    public static async Task<string?> TryOnceAsync(string gateway, string user, string password, GatewayTrust? trust = null)
    {
        await using var login = new SiloProcessLogin(gateway, trust);
        return await login.TryAsync(user, password);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _client.DisposeAsync();
}
