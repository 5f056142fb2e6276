using Maildriver.Runtime.Configuration;
using Maildriver.Runtime.Diagnostics;
using Maildriver.Runtime.Gateway;
using Maildriver.Runtime.Persistence;
using Maildriver.Runtime.Persistence.Migrations;
using Maildriver.Runtime.Transport;
using Maildriver.Runtime.Transport.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Maildriver.Runtime.Hosting;

/// <summary>
/// One running silo: its store, its activations, its silo port and its gateway. <see cref="StopAsync"/> is an
/// orderly shutdown; <see cref="KillAsync"/> is a crash in which no grain code runs and nothing more is written.
/// </summary>
public sealed class SiloHost : IAsyncDisposable
{
    private readonly SiloHostBuilder _builder;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SiloReadiness _readiness = new();
    private DataDirectoryLock? _dataLock;
    private ISiloDatabase? _database;
    private ISiloTransport? _transport;
    private GatewayServer? _gateway;
    private DashboardServer? _dashboard;
    private ServiceProvider? _services;
    private SiloRuntime? _runtime;

    internal SiloHost(SiloHostBuilder builder)
    {
        _builder = builder;
        _logger = builder.LoggerFactory.CreateLogger("Maildriver.Runtime.Silo");
    }

    /// <summary>The machine name.</summary>
    public string Name => _builder.Machine.Name;

    /// <summary>The machine's configuration.</summary>
    public MachineConfig Machine => _builder.Machine;

    /// <summary>The cluster's configuration.</summary>
    public ClusterConfig Cluster => _builder.Cluster;

    /// <summary>Where the silo is in its life.</summary>
    public SiloStatus Status { get; private set; } = SiloStatus.Created;

    /// <summary>The silo's services (after start).</summary>
    public IServiceProvider Services => _services ?? throw new InvalidOperationException("the silo has not started");

    /// <summary>Grain references that call from inside this silo.</summary>
    public IGrainFactory GrainFactory => Runtime;

    /// <summary>How many activations live here now.</summary>
    public int ActivationCount => _runtime?.Catalog.Count ?? 0;

    /// <summary>What the runtime measured about this silo's grains (after start).</summary>
    public SiloMetrics Metrics => Runtime.Metrics;

    internal SiloRuntime Runtime => _runtime ?? throw new InvalidOperationException("the silo has not started");

    /// <summary>Opens the store (running migrations), starts the transport and the gateway, then the startup tasks.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Status != SiloStatus.Created)
        {
            throw new InvalidOperationException($"silo {Name} was already started; build a new host to restart it");
        }

        // Held until the silo stops or dies, so nothing that replaces the store (a restore) can run under it.
        _dataLock = DataDirectoryLock.TryAcquire(Machine.DataDir) ?? throw new InvalidOperationException(
            $"silo {Name}: another process uses its data directory ({DataDirectoryLock.PathFor(Machine.DataDir)} is held)");
        try
        {
            await StartCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        catch when (Status == SiloStatus.Created)
        {
            // A silo that could not start leaves its directory to the next attempt. (One that failed in a startup
            // task is running, and keeps it until it stops.)
            ReleaseDataDirectory();
            throw;
        }
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        _database = SiloDatabaseFactory.Create(Cluster.Storage, Name, Machine.DataDir);
        if (_builder.DatabaseWrapper is { } wrap)
        {
            _database = wrap(_database);
        }

        var runner = new MigrationRunner(_database, _builder.TimeProvider, _builder.LoggerFactory.CreateLogger<MigrationRunner>());
        await RuntimeMigrations.ApplyAsync(runner, _database.Provider, cancellationToken).ConfigureAwait(false);
        foreach (var (component, load) in _builder.Migrations)
        {
            await runner.ApplyAsync(component, load(_database.Provider), cancellationToken).ConfigureAwait(false);
        }

        _transport = _builder.TransportFactory?.Invoke(_builder) ?? CreateHttpTransport();
        _runtime = new SiloRuntime(
            Name,
            _builder.Grains,
            _builder.Options,
            _builder.TimeProvider,
            new AdoNetGrainStorage(_database),
            _transport,
            _logger,
            _builder.CallMetrics);

        IServiceCollection services = new ServiceCollection();
        foreach (var descriptor in _builder.Services)
        {
            services.Add(descriptor);
        }

        services.AddSingleton(_database);
        services.AddSingleton<IGrainFactory>(_runtime);
        services.AddSingleton(_builder.TimeProvider);
        services.AddSingleton(_builder.LoggerFactory);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddSingleton(Cluster);
        services.AddSingleton(Machine);
        services.AddSingleton(_builder.Options);
        services.AddSingleton(_runtime.Metrics);
        services.AddSingleton(new SiloIdentity(Name, _stopping.Token));
        services.AddSingleton(_readiness);
        services.AddSingleton(new SiloFailFast(_builder.FailFast ?? CrashProcess));
        _services = services.BuildServiceProvider();
        _runtime.Services = _services;
        _runtime.Readiness = _readiness;
        _runtime.Stopping = _stopping.Token;

        await _transport.StartAsync(_runtime, cancellationToken).ConfigureAwait(false);
        if (_builder.Options.EnableGateway)
        {
            await StartGatewayAsync(cancellationToken).ConfigureAwait(false);
        }

        if (Machine.DashboardPort > 0 && _builder.Dashboard is { } dashboard)
        {
            await StartDashboardAsync(dashboard(_services), cancellationToken).ConfigureAwait(false);
        }

        _runtime.Metrics.Start();
        _runtime.Catalog.StartCollector();
        Status = SiloStatus.Running;
        _logger.SiloStarted(Name, Machine.SiloPort, Machine.GatewayPort);

        foreach (var task in _builder.StartupTasks)
        {
            await task(_services, _stopping.Token).ConfigureAwait(false);
        }
    }

    /// <summary>Orderly stop: clients are turned away, activations finish and deactivate, the store closes.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Status != SiloStatus.Running)
        {
            return;
        }

        Status = SiloStatus.Stopping;
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync().ConfigureAwait(false);
        }

        if (_dashboard is not null)
        {
            await _dashboard.DisposeAsync().ConfigureAwait(false);
        }

        Runtime.Metrics.Dispose();
        await Runtime.Catalog.DeactivateAllAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        await _transport!.DisposeAsync().ConfigureAwait(false);
        await _database!.DisposeAsync().ConfigureAwait(false);
        ReleaseDataDirectory();
        if (_services is not null)
        {
            await _services.DisposeAsync().ConfigureAwait(false);
        }

        Status = SiloStatus.Stopped;
        _logger.SiloStopped(Name);
    }

    /// <summary>
    /// Crash: connections are cut, activations vanish without OnDeactivateAsync, and the store refuses every
    /// further write, so what survives is exactly what was committed.
    /// </summary>
    public async Task KillAsync()
    {
        if (Status is SiloStatus.Killed or SiloStatus.Stopped or SiloStatus.Created)
        {
            return;
        }

        Status = SiloStatus.Killed;
        _logger.SiloKilled(Name);
        _database?.Kill();
        _runtime?.Kill();

        // At once, as the kernel would for a process that died: a restart may follow before the rest is torn down.
        ReleaseDataDirectory();
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_gateway is not null)
        {
            await _gateway.AbortAsync().ConfigureAwait(false);
        }

        if (_dashboard is not null)
        {
            await _dashboard.AbortAsync().ConfigureAwait(false);
        }

        _runtime?.Metrics.Dispose();
        if (_transport is not null)
        {
            await _transport.AbortAsync().ConfigureAwait(false);
        }

        if (_database is not null)
        {
            await _database.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (Status == SiloStatus.Running)
        {
            await StopAsync().ConfigureAwait(false);
        }

        ReleaseDataDirectory();
        _stopping.Dispose();
    }

    private void ReleaseDataDirectory()
    {
        _dataLock?.Dispose();
        _dataLock = null;
    }

    private void CrashProcess(string reason)
    {
        _logger.SiloCrashing(Name, reason);
        (_builder.LoggerFactory as IDisposable)?.Dispose();
        Environment.Exit(70);
    }

    private ISiloTransport CreateHttpTransport()
        => new HttpSiloTransport(Machine, Cluster.Machines, Cluster.ClusterSecret, _builder.LoggerFactory);

    private async Task StartGatewayAsync(CancellationToken cancellationToken)
    {
        _gateway = new GatewayServer(Machine, _builder.LoggerFactory);
        await _gateway.StartAsync(Runtime, cancellationToken).ConfigureAwait(false);
    }

    private async Task StartDashboardAsync(Microsoft.AspNetCore.Http.RequestDelegate handler, CancellationToken cancellationToken)
    {
        _dashboard = new DashboardServer(Machine, _builder.LoggerFactory);
        await _dashboard.StartAsync(handler, cancellationToken).ConfigureAwait(false);
        _logger.DashboardListening(Name, Machine.Host, Machine.DashboardPort);
    }
}

/// <summary>Where a silo is in its life.</summary>
public enum SiloStatus
{
    /// <summary>Built, not started.</summary>
    Created,
    /// <summary>Serving.</summary>
    Running,
    /// <summary>Shutting down in an orderly way.</summary>
    Stopping,
    /// <summary>Stopped in an orderly way.</summary>
    Stopped,
    /// <summary>Crashed (killed).</summary>
    Killed,
}
