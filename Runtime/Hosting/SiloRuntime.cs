using Maildriver.Runtime.Activation;
using Maildriver.Runtime.Diagnostics;
using Maildriver.Runtime.Invocation;
using Maildriver.Runtime.Messaging;
using Maildriver.Runtime.Persistence;
using Maildriver.Runtime.Transport;
using Microsoft.Extensions.Logging;

namespace Maildriver.Runtime.Hosting;

/// <summary>
/// The heart of a silo: it hands out grain references, routes each call to the silo its key names (in-process
/// without serialization, elsewhere through the transport), applies the call timeout, and serves calls that
/// arrive from other silos and from clients.
/// </summary>
internal sealed class SiloRuntime : IGrainFactory, IGrainCallInvoker, IIncomingCallHandler
{
    private volatile bool _killed;

    public SiloRuntime(
        string name,
        GrainTypeRegistry registry,
        SiloOptions options,
        TimeProvider timeProvider,
        IGrainStorage grainStorage,
        ISiloTransport transport,
        ILogger logger,
        bool callMetrics = true)
    {
        Name = name;
        Registry = registry;
        Options = options;
        TimeProvider = timeProvider;
        GrainStorage = grainStorage;
        Transport = transport;
        Log = logger;
        Catalog = new Catalog(this);
        Metrics = new SiloMetrics(name, timeProvider, Catalog, callMetrics);
    }

    public string Name { get; }

    public GrainTypeRegistry Registry { get; }

    public SiloOptions Options { get; }

    public TimeProvider TimeProvider { get; }

    public IGrainStorage GrainStorage { get; }

    public ISiloTransport Transport { get; }

    public ILogger Log { get; }

    public Catalog Catalog { get; }

    /// <summary>Calls, errors and latency per grain method, counted around every call that runs on this silo.</summary>
    public SiloMetrics Metrics { get; }

    public IServiceProvider Services { get; set; } = null!;

    /// <summary>Whether the silo serves clients yet; set by the host.</summary>
    public SiloReadiness Readiness { get; set; } = new();

    /// <inheritdoc/>
    public string? ClientRefusal => Readiness.Reason;

    /// <summary>Cancelled when the silo stops or is killed, so background loops in grains end with it.</summary>
    public CancellationToken Stopping { get; set; }

    public IGrainFactory GrainFactory => this;

    public bool IsKilled => _killed;

    public TGrain GetGrain<TGrain>(string key) where TGrain : IGrainWithStringKey => GrainReference.Create<TGrain>(this, key);

    public Task<object?> InvokeAsync(GrainId target, GrainMethod method, object?[] arguments)
        => InvokeAsync(target, method, arguments, RuntimeContext.Chain);

    private Task<object?> InvokeAsync(GrainId target, GrainMethod method, object?[] arguments, string[] chain)
    {
        if (_killed)
        {
            return Task.FromException<object?>(new SiloUnavailableException(Name, $"silo {Name} is dead"));
        }

        var targetSilo = method.Owner.IsStatelessWorker ? Name : target.Silo;
        if (targetSilo != Name)
        {
            return InvokeRemoteAsync(targetSilo, target, method, arguments, chain);
        }

        if (!Registry.TryGet(target.Interface, out var info, out var grainClass))
        {
            return Task.FromException<object?>(new InvalidOperationException($"silo {Name} serves no grain class for {target.Interface}"));
        }

        // Every call that runs here passes this point exactly once, whoever made it: measured here, it is counted
        // on the silo that ran it, from dispatch (including the wait for its turn) to completion.
        var started = Metrics.StartCall();
        Task<object?> call;
        try
        {
            var request = GrainRequest.ForCall(method, arguments, chain, grainClass.Reentrant || info.IsStatelessWorker);
            call = Catalog.Dispatch(target, grainClass, request);
        }
        catch (Exception ex)
        {
            Metrics.EndCall(method, grainClass.Type, started, failed: true);
            return Task.FromException<object?>(ex);
        }

        if (call.IsCompleted)
        {
            Metrics.EndCall(method, grainClass.Type, started, failed: !call.IsCompletedSuccessfully);
            return call;
        }

        return WithTimeoutAsync(call, target, method, grainClass.Type, started);
    }

    private async Task<object?> WithTimeoutAsync(Task<object?> call, GrainId target, GrainMethod method, Type grainClass, long started)
    {
        var failed = true;
        try
        {
            var result = await call.WaitAsync(Options.CallTimeout, TimeProvider).ConfigureAwait(false);
            failed = false;
            return result;
        }
        catch (TimeoutException) when (!call.IsCompleted)
        {
            throw new TimeoutException($"{target}.{method.Name} did not answer within {Options.CallTimeout.TotalSeconds:0.###} s");
        }
        finally
        {
            Metrics.EndCall(method, grainClass, started, failed);
        }
    }

    private async Task<object?> InvokeRemoteAsync(string targetSilo, GrainId target, GrainMethod method, object?[] arguments, string[] chain)
    {
        var request = WireCodec.EncodeRequest(target, method, arguments, chain, Options.CallTimeout);
        using var timeout = new CancellationTokenSource(Options.CallTimeout, TimeProvider);
        WireResponse response;
        try
        {
            response = await Transport.SendAsync(targetSilo, request, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"{target}.{method.Name} on {targetSilo} did not answer within {Options.CallTimeout.TotalSeconds:0.###} s");
        }

        return WireCodec.DecodeResponse(method, response);
    }

    public async Task<WireResponse> HandleSiloCallAsync(string sourceSilo, WireRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var (id, method) = Resolve(request);
            if (!method.Owner.IsStatelessWorker && id.Silo != Name)
            {
                throw new InvalidOperationException($"misrouted call: {id} lives on {id.Silo}, not {Name}");
            }

            var arguments = WireCodec.DecodeArguments(method, request.Arguments);
            var result = await InvokeAsync(id, method, arguments, request.CallChain ?? []).ConfigureAwait(false);
            return WireCodec.EncodeResult(method, result);
        }
        catch (Exception ex)
        {
            return WireCodec.EncodeError(ex);
        }
    }

    public async Task<WireResponse> HandleClientCallAsync(WireRequest request, CancellationToken cancellationToken)
    {
        try
        {
            if (!Registry.IsClientApi(request.Interface ?? string.Empty))
            {
                throw new GatewayRefusedException($"'{request.Interface}' is not part of the client API");
            }

            var (id, method) = Resolve(request);
            var arguments = WireCodec.DecodeArguments(method, request.Arguments);
            var result = await InvokeAsync(id, method, arguments, []).ConfigureAwait(false);
            return WireCodec.EncodeResult(method, result);
        }
        catch (Exception ex)
        {
            return WireCodec.EncodeError(ex);
        }
    }

    private (GrainId Id, GrainMethod Method) Resolve(WireRequest request)
    {
        if (string.IsNullOrEmpty(request.Interface) || string.IsNullOrEmpty(request.Key) || string.IsNullOrEmpty(request.Method))
        {
            throw new ArgumentException("malformed request: interface, key and method are required");
        }

        if (!Registry.TryGet(request.Interface, out var info, out _))
        {
            throw new ArgumentException($"unknown grain interface '{request.Interface}'");
        }

        if (!info.TryGetMethod(request.Method, out var method))
        {
            throw new ArgumentException($"{info.Name} has no method '{request.Method}'");
        }

        return (new GrainId(info.Name, request.Key), method);
    }

    /// <summary>Marks the silo dead: every later call in or out fails as if the process were gone.</summary>
    public void Kill()
    {
        _killed = true;
        Catalog.KillAll();
    }
}
