using Maildriver.Grains.Server;
using Maildriver.Client.Connection;

namespace Maildriver.Client.Reader;

/// <summary>
/// <see cref="IMailService"/> over a <see cref="FailoverClient"/>: it stays on the first gateway that answers and,
/// when that machine dies, moves down the list and repeats the request that was in flight.
/// </summary>
internal sealed class ClusterMailService(GatewayTrust trust) : IMailService
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);

    // The reader's heartbeat (a Hello every second): a machine that does not answer it within this is left for the next.
    private static readonly TimeSpan HeartbeatPatience = TimeSpan.FromSeconds(2);

    private FailoverClient? _client;
    private string? _token;
    private IReadOnlyList<GatewayAddress> _endpoints = [];
    private MailboxEar? _ear;

    public event Action<string, string>? GatewayChanged;

    public string? CurrentGateway => _client?.CurrentGateway;

    private IMailServer Server => (_client ?? throw new InvalidOperationException("not logged in")).Server;

    private string Token => _token ?? throw new InvalidOperationException("not logged in");

    public async Task<LoginResult> LoginAsync(string gateways, string user, string password)
    {
        var endpoints = GatewayList.Parse(gateways);
        var client = new FailoverClient(endpoints, new ClientSettings(trust));
        client.GatewayChanged += change => GatewayChanged?.Invoke(change.From, change.To);
        try
        {
            var result = await client.Server.Login(user, password);
            var previous = _client;
            (_client, _token, _endpoints) = (client, result.Token, endpoints);
            if (previous is not null)
            {
                await previous.DisposeAsync();
            }

            return result;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    public Task<ServerInfo> HelloAsync()
        => (_client ?? throw new InvalidOperationException("not logged in")).ReadAsync(server => server.Hello(), HeartbeatPatience);

    public async Task<IReadOnlyDictionary<string, string>> LearnMachinesAsync()
    {
        var answers = await Task.WhenAll(_endpoints.Select(async endpoint =>
        {
            await using var probe = new FailoverClient([endpoint], new ClientSettings(trust) { ResponseTimeout = ProbeTimeout });
            try
            {
                return (endpoint.Name, Machine: (await probe.Server.Hello()).Machine);
            }
            catch (Exception)
            {
                // A machine that is down now is simply not named; its address stands in for it.
                return (endpoint.Name, Machine: (string?)null);
            }
        }));
        return answers.Where(a => a.Machine is not null).ToDictionary(a => a.Name, a => a.Machine!, StringComparer.Ordinal);
    }

    public Task<ReceiveResult> ReceiveAsync() => Server.Receive(Token);

    public Task<PollResult> PollAsync() => Server.Poll(Token);

    public Task<IReadOnlyList<LetterView>> ListAsync() => Server.List(Token);

    public Task<LetterView> ReadAsync(string letterId) => Server.Read(Token, letterId);

    public Task<SendResult> SendAsync(SendRequest request) => Server.Send(Token, request);

    public Task<DeleteResult> DeleteAsync(string letterId) => Server.Delete(Token, [letterId]);

    public Task<bool> WatchAsync(Action changed)
    {
        var client = _client ?? throw new InvalidOperationException("not logged in");

        // One ear for the whole session, held here: Orleans keeps only a weak reference to an observer object.
        _ear ??= new MailboxEar();
        _ear.Changed = changed;
        return client.WatchAsync(Token, _ear);
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }
    }
}
