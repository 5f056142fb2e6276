using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Maildriver.MailPorts.LineProtocol;

/// <summary>
/// A TCP port serving a line-based protocol: binds the machine's host address only (never every interface),
/// accepts connections, runs one session per connection, turns clients away beyond the connection limit, and on
/// stop ends every session (each says goodbye as its protocol prescribes).
/// </summary>
internal sealed class LineServer : IAsyncDisposable
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan AcceptBackoff = TimeSpan.FromMilliseconds(100);

    private readonly string _protocol;
    private readonly IPEndPoint[] _endpoints;
    private readonly MailPortsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<LineConnection, Task> _serve;
    private readonly string _busyReply;
    private readonly TimeSpan _idleTimeout;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<LineConnection, Task> _connections = new();
    private readonly List<TcpListener> _listeners = [];
    private readonly List<Task> _acceptLoops = [];
    private int _active;

    /// <param name="protocol">"POP3", "SMTP" or "IMAP", for logs.</param>
    /// <param name="endpoints">Where to listen.</param>
    /// <param name="options">The limits.</param>
    /// <param name="time">The clock for the idle timeout.</param>
    /// <param name="logger">Where to log.</param>
    /// <param name="serve">Runs one session to its end.</param>
    /// <param name="busyReply">The line a client gets when the connection limit is reached.</param>
    /// <param name="idleTimeout">How long a client may be silent; the options' <c>idleTimeoutSeconds</c> when null.</param>
    public LineServer(string protocol, IPEndPoint[] endpoints, MailPortsOptions options, TimeProvider time, ILogger logger, Func<LineConnection, Task> serve, string busyReply, TimeSpan? idleTimeout = null)
    {
        _idleTimeout = idleTimeout ?? options.IdleTimeout;
        _protocol = protocol;
        _endpoints = endpoints;
        _options = options;
        _time = time;
        _logger = logger;
        _serve = serve;
        _busyReply = busyReply;
    }

    /// <summary>Starts listening; a port already in use throws here, so the silo does not start half-configured.</summary>
    public void Start()
    {
        foreach (var endpoint in _endpoints)
        {
            _listeners.Add(ListenAddresses.Listen(endpoint, _protocol));
        }

        foreach (var listener in _listeners)
        {
            _acceptLoops.Add(AcceptLoopAsync(listener));
        }
    }

    /// <summary>The orderly stop: no new connections; sessions are told to end and get a few seconds to say goodbye.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var listener in _listeners)
        {
            listener.Stop();
        }

        await Task.WhenAll(_acceptLoops).ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_connections.Values).WaitAsync(DrainTimeout, _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A session still waiting on a grain call: closing its connection ends it.
            foreach (var connection in _connections.Keys)
            {
                connection.Abort();
            }
        }
    }

    private async Task AcceptLoopAsync(TcpListener listener)
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptSocketAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (_stopping.IsCancellationRequested && ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                // E.g. out of file descriptors: say so and try again shortly rather than spin.
                MailPortsLog.AcceptFailed(_logger, _protocol, ex);
                await Task.Delay(AcceptBackoff, _time).ConfigureAwait(false);
                continue;
            }

            LineConnection connection;
            try
            {
                socket.NoDelay = true;
                connection = new LineConnection(socket, _time, _idleTimeout, _stopping.Token);
            }
            catch (Exception ex) when (LineConnection.IsDisconnect(ex))
            {
                // Reset before we even looked at it.
                socket.Dispose();
                continue;
            }

            var busy = Interlocked.Increment(ref _active) > _options.MaxConnections;

            // Registered before it runs, so a session that ends at once is also removed at once.
            var session = new Task<Task>(() => RunAsync(connection, busy));
            _connections[connection] = session.Unwrap();
            session.Start(TaskScheduler.Default);
        }
    }

    private async Task RunAsync(LineConnection connection, bool busy)
    {
        try
        {
            if (busy)
            {
                MailPortsLog.Busy(_logger, _protocol, connection.Remote, _options.MaxConnections);
                await connection.WriteFinalLineAsync(_busyReply).ConfigureAwait(false);
            }
            else
            {
                await _serve(connection).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException || LineConnection.IsDisconnect(ex))
        {
            // The client went away, stopped reading, or the silo is stopping: nothing more to say.
        }
        catch (Exception ex)
        {
            // A bug in a session must cost that client its connection, never the silo.
            MailPortsLog.SessionFailed(_logger, _protocol, connection.Remote, ex);
        }
        finally
        {
            Interlocked.Decrement(ref _active);
            _connections.TryRemove(connection, out _);
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
