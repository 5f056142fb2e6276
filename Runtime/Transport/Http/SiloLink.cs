using Maildriver.Runtime.Configuration;
using Maildriver.Runtime.Messaging;
using Microsoft.Extensions.Logging;

namespace Maildriver.Runtime.Transport.Http;

/// <summary>
/// Everything this silo knows about reaching one target silo: its address and the current
/// <see cref="SiloStreamConnection"/>, opened on first use and replaced on the first call after it failed, so a
/// restarted silo is reachable again without any bookkeeping of who is "dead".
/// </summary>
internal sealed class SiloLink
{
    private readonly string _source;
    private readonly HttpMessageInvoker _invoker;
    private readonly ClusterSecretProof _proof;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private SiloStreamConnection? _current;
    private bool _stopped;

    public SiloLink(string source, MachineConfig target, HttpMessageInvoker invoker, ClusterSecretProof proof, TimeProvider timeProvider, ILogger logger)
    {
        _source = source;
        _invoker = invoker;
        _proof = proof;
        _timeProvider = timeProvider;
        _logger = logger;
        Target = target.Name;
        Uri = new UriBuilder(Uri.UriSchemeHttp, target.Host, target.SiloPort, SiloStreamProtocol.Path).Uri;
    }

    /// <summary>The target silo's name.</summary>
    public string Target { get; }

    /// <summary>Where its stream endpoint is.</summary>
    public Uri Uri { get; }

    /// <summary>Sends one serialized request over the current connection, opening one if needed.</summary>
    public Task<WireResponse> SendAsync(byte[] payload, CancellationToken cancellationToken)
    {
        var connection = Volatile.Read(ref _current);
        if (connection is null || connection.IsFailed)
        {
            connection = Reconnect();
            if (connection is null)
            {
                return Task.FromException<WireResponse>(
                    new SiloUnavailableException(Target, $"cannot call silo {Target}: this silo's transport has stopped"));
            }
        }

        return connection.SendAsync(payload, cancellationToken);
    }

    /// <summary>Stops the link for good: orderly (<paramref name="abort"/> false) or cut at once.</summary>
    public Task StopAsync(bool abort, TimeSpan timeout)
    {
        SiloStreamConnection? connection;
        lock (_gate)
        {
            _stopped = true;
            connection = _current;
        }

        if (connection is null)
        {
            return Task.CompletedTask;
        }

        return abort ? connection.AbortAsync("this silo's transport was aborted") : connection.CloseAsync(timeout);
    }

    private SiloStreamConnection? Reconnect()
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return null;
            }

            if (_current is null || _current.IsFailed)
            {
                _current = new SiloStreamConnection(_source, Target, Uri, _invoker, _proof, _timeProvider, _logger);
                _current.Start();
            }

            return _current;
        }
    }
}
