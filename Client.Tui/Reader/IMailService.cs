using Maildriver.Grains.Server;

namespace Maildriver.Client.Reader;

/// <summary>
/// The cluster as the reader needs it: <see cref="IMailServer"/> with the login token kept inside, and word of
/// gateway changes. Every request may be repeated through another gateway by the client; the server's requests
/// are idempotent, and a send carries its submission id.
/// </summary>
internal interface IMailService : IAsyncDisposable
{
    /// <summary>The client gave up on gateway <c>from</c> and is repeating the request on <c>to</c> (addresses).</summary>
    event Action<string, string>? GatewayChanged;

    /// <summary>The gateway the last request went through (null before the login).</summary>
    string? CurrentGateway { get; }

    /// <summary>Connects through <paramref name="gateways"/> (host:port,…) and logs in.</summary>
    Task<LoginResult> LoginAsync(string gateways, string user, string password);

    Task<ServerInfo> HelloAsync();

    /// <summary>Asks each gateway of the list directly which machine it is: address → machine, for those that answer.</summary>
    Task<IReadOnlyDictionary<string, string>> LearnMachinesAsync();

    Task<ReceiveResult> ReceiveAsync();

    Task<PollResult> PollAsync();

    Task<IReadOnlyList<LetterView>> ListAsync();

    Task<LetterView> ReadAsync(string letterId);

    Task<SendResult> SendAsync(SendRequest request);

    Task<DeleteResult> DeleteAsync(string letterId);

    /// <summary>
    /// Subscribes to the user's inbox on the connected machine (or renews the subscription): <paramref name="changed"/>
    /// is called, on a thread of the client's, whenever a letter arrives there, is marked read or is deleted.
    /// </summary>
    /// <returns>True when the machine renewed a subscription it had; false when it is new there (changes may have been missed).</returns>
    Task<bool> WatchAsync(Action changed);
}
