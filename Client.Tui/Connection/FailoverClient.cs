using Maildriver.Grains.Server;

namespace Maildriver.Client.Connection;

/// <summary>
/// The client's way into the cluster: connected to one gateway at a time, the first of the list that answers; when it
/// stops answering, the call is repeated on the next one. Repeating is safe: a send carries its submission id, and
/// every other request either reads or is idempotent (a delete of a deleted letter, a user that already exists).
/// Errors the machine answered with (a refused request, a wrong password) are the call's outcome and are not retried.
/// </summary>
public sealed class FailoverClient : IAsyncDisposable
{
    private readonly IReadOnlyList<GatewayAddress> _gateways;
    private readonly ClientSettings _settings;
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private GatewayConnection? _connection;
    private int _current;

    /// <summary>A client for <paramref name="gateways"/>, tried in order; it connects at its first call.</summary>
    public FailoverClient(IReadOnlyList<GatewayAddress> gateways, ClientSettings settings)
    {
        ArgumentOutOfRangeException.ThrowIfZero(gateways.Count);
        _gateways = gateways;
        _settings = settings;
        Server = new FailoverMailServer(this);
    }

    /// <summary>Raised when the client leaves a gateway for the next one.</summary>
    public event Action<GatewayChange>? GatewayChanged;

    /// <summary>The gateway in use (the first of the list before the first call).</summary>
    public string CurrentGateway => _gateways[Volatile.Read(ref _current)].ToString();

    /// <summary>The front door, through whichever gateway answers.</summary>
    public IMailServer Server { get; }

    /// <summary>Runs <paramref name="call"/> on the current gateway's front door, moving down the list while gateways fail.</summary>
    public Task<T> CallAsync<T>(Func<IMailServer, Task<T>> call) => CallOnAsync(connection => call(connection.Server), patience: null);

    /// <summary>
    /// Runs <paramref name="call"/>, which only reads and so is safe to repeat, like <see cref="CallAsync{T}"/>, and
    /// also moves on when the gateway gives no answer within <paramref name="patience"/>. A gateway whose machine was
    /// killed may leave a call unanswered until the response timeout (30 s) instead of failing it: a heartbeat that
    /// waited that long would keep the user on a dead machine.
    /// </summary>
    public Task<T> ReadAsync<T>(Func<IMailServer, Task<T>> call, TimeSpan patience)
        => CallOnAsync(connection => call(connection.Server), patience);

    /// <summary>
    /// Subscribes <paramref name="observer"/> to the user's inbox on the machine of the current gateway (moving down
    /// the list as any call does). Call it again after a gateway change: a subscription lives on one machine.
    /// </summary>
    /// <returns>True when the machine renewed a subscription it had; false when it made a new one.</returns>
    public Task<bool> WatchAsync(string token, IMailboxObserver observer)
        => CallOnAsync(connection => connection.Server.Watch(token, connection.Reference(observer)), patience: null);

    private async Task<T> CallOnAsync<T>(Func<GatewayConnection, Task<T>> call, TimeSpan? patience)
    {
        var failures = new List<string>();
        for (var attempt = 0; attempt < _gateways.Count; attempt++)
        {
            var connection = await ConnectedAsync(failures);
            if (connection is null)
            {
                break;
            }

            try
            {
                return patience is { } wait ? await call(connection).WaitAsync(wait) : await call(connection);
            }
            catch (Exception ex) when (GatewayFailure.Is(ex) || (patience is not null && ex is TimeoutException))
            {
                failures.Add($"{connection.Gateway}: {FailureText.Of(ex)}");
                await MoveOnAsync(connection, ex.Message);
            }
        }

        throw new GatewayUnavailableException($"no gateway reachable ({string.Join("; ", failures)})");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _connection, null) is { } connection)
        {
            await connection.DisposeAsync();
        }

        _connecting.Dispose();
    }

    /// <summary>The current connection, connecting down the list from the current gateway; null when none answers.</summary>
    private async Task<GatewayConnection?> ConnectedAsync(List<string> failures)
    {
        await _connecting.WaitAsync();
        try
        {
            if (_connection is { } open)
            {
                return open;
            }

            for (var tried = 0; tried < _gateways.Count; tried++)
            {
                var gateway = _gateways[_current];
                try
                {
                    _connection = await GatewayConnection.ConnectAsync(gateway, _settings, CancellationToken.None);
                    return _connection;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    failures.Add($"{gateway}: {FailureText.Of(ex)}{FailureText.HandshakeHint(ex, gateway, _settings)}");
                    Advance(gateway, ex.Message);
                }
            }

            return null;
        }
        finally
        {
            _connecting.Release();
        }
    }

    private async Task MoveOnAsync(GatewayConnection failed, string reason)
    {
        await _connecting.WaitAsync();
        try
        {
            if (ReferenceEquals(_connection, failed))
            {
                _connection = null;
                Advance(failed.Gateway, reason);
            }
        }
        finally
        {
            _connecting.Release();
        }

        await failed.DisposeAsync();
    }

    private void Advance(GatewayAddress from, string reason)
    {
        _current = (_current + 1) % _gateways.Count;
        if (_gateways.Count > 1)
        {
            GatewayChanged?.Invoke(new GatewayChange(from.ToString(), _gateways[_current].ToString(), reason));
        }
    }
}
