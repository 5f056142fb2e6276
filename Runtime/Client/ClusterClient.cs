using Maildriver.Runtime.Invocation;
using Maildriver.Runtime.Messaging;

namespace Maildriver.Runtime.Client;

/// <summary>
/// Calls grains through a list of gateways. It uses the first that answers and stays with it; when that gateway
/// fails (unreachable, or the connection breaks mid-call) it moves to the next and repeats the call, which is
/// safe because the application makes every client request idempotent. When none answers it throws
/// <see cref="GatewayUnavailableException"/>.
/// </summary>
public sealed class ClusterClient : IClusterClient, IGrainCallInvoker
{
    private readonly IGatewayConnection[] _gateways;
    private readonly ClusterClientOptions _options;
    private int _current;

    /// <summary>Creates a client over <paramref name="gateways"/>, tried in order.</summary>
    public ClusterClient(IEnumerable<IGatewayConnection> gateways, ClusterClientOptions? options = null)
    {
        _gateways = gateways.ToArray();
        if (_gateways.Length == 0)
        {
            throw new ArgumentException("at least one gateway is required", nameof(gateways));
        }

        _options = options ?? new ClusterClientOptions();
    }

    /// <inheritdoc/>
    public string CurrentGateway => _gateways[Volatile.Read(ref _current)].Name;

    /// <inheritdoc/>
    public event Action<GatewayChange>? GatewayChanged;

    /// <inheritdoc/>
    public TGrain GetGrain<TGrain>(string key) where TGrain : IGrainWithStringKey => GrainReference.Create<TGrain>(this, key);

    async Task<object?> IGrainCallInvoker.InvokeAsync(GrainId target, GrainMethod method, object?[] arguments)
    {
        var request = WireCodec.EncodeRequest(target, method, arguments, [], _options.CallTimeout);
        var start = Volatile.Read(ref _current);
        var failures = new List<string>();
        for (var attempt = 0; attempt < _gateways.Length; attempt++)
        {
            var index = (start + attempt) % _gateways.Length;
            var gateway = _gateways[index];
            using var timeout = new CancellationTokenSource(_options.CallTimeout, _options.TimeProvider);
            WireResponse response;
            try
            {
                response = await gateway.SendAsync(request, timeout.Token).ConfigureAwait(false);
            }
            catch (SiloUnavailableException ex)
            {
                failures.Add($"{gateway.Name}: {ex.Message}");
                var next = _gateways[(index + 1) % _gateways.Length];
                if (Interlocked.CompareExchange(ref _current, (index + 1) % _gateways.Length, index) == index && _gateways.Length > 1)
                {
                    GatewayChanged?.Invoke(new GatewayChange(gateway.Name, next.Name, ex.Message));
                }

                continue;
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                throw new TimeoutException($"{target}.{method.Name} did not answer within {_options.CallTimeout.TotalSeconds:0.###} s at gateway {gateway.Name}");
            }

            // Errors inside the response (including a silo behind the gateway being down) are the call's own
            // outcome, not a gateway failure: they are thrown, not retried elsewhere.
            return WireCodec.DecodeResponse(method, response);
        }

        throw new GatewayUnavailableException($"no gateway reachable ({string.Join("; ", failures)})");
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        foreach (var g in _gateways)
        {
            await g.DisposeAsync().ConfigureAwait(false);
        }
    }
}
