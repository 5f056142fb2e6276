using Maildriver.Runtime.Activation;
using Maildriver.Runtime.Configuration;
using Maildriver.Runtime.Persistence;
using Maildriver.Runtime.Persistence.Migrations;
using Maildriver.Runtime.Transport;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Maildriver.Runtime.Hosting;

/// <summary>Configures one silo: which machine of the cluster it is, its grains, services and transport.</summary>
public sealed class SiloHostBuilder
{
    private readonly List<Func<IServiceProvider, CancellationToken, Task>> _startupTasks = [];
    private readonly List<(string Component, Func<string, IReadOnlyList<Migration>> Load)> _migrations = [];

    /// <summary>Starts configuring the silo for machine <paramref name="machineName"/> of <paramref name="cluster"/>.</summary>
    public SiloHostBuilder(ClusterConfig cluster, string machineName)
    {
        Cluster = cluster;
        Machine = cluster.GetMachine(machineName);
    }

    /// <summary>The cluster this silo belongs to.</summary>
    public ClusterConfig Cluster { get; }

    /// <summary>This silo's machine.</summary>
    public MachineConfig Machine { get; }

    /// <summary>The grain classes the silo serves and the client API.</summary>
    public GrainTypeRegistry Grains { get; } = new();

    /// <summary>Services available to grains through constructor injection.</summary>
    public IServiceCollection Services { get; } = new ServiceCollection();

    /// <summary>Runtime settings.</summary>
    public SiloOptions Options { get; } = new();

    internal TimeProvider TimeProvider { get; private set; } = TimeProvider.System;

    internal ILoggerFactory LoggerFactory { get; private set; } = NullLoggerFactory.Instance;

    internal Func<SiloHostBuilder, ISiloTransport>? TransportFactory { get; private set; }

    internal Action<string>? FailFast { get; private set; }

    internal Func<ISiloDatabase, ISiloDatabase>? DatabaseWrapper { get; private set; }

    internal bool CallMetrics { get; private set; } = true;

    internal Func<IServiceProvider, RequestDelegate>? Dashboard { get; private set; }

    internal IReadOnlyList<Func<IServiceProvider, CancellationToken, Task>> StartupTasks => _startupTasks;

    internal IReadOnlyList<(string Component, Func<string, IReadOnlyList<Migration>> Load)> Migrations => _migrations;

    /// <summary>The clock for timers, timeouts and idle collection.</summary>
    public SiloHostBuilder UseTimeProvider(TimeProvider timeProvider)
    {
        TimeProvider = timeProvider;
        return this;
    }

    /// <summary>Where log lines go.</summary>
    public SiloHostBuilder UseLoggerFactory(ILoggerFactory loggerFactory)
    {
        LoggerFactory = loggerFactory;
        return this;
    }

    /// <summary>Replaces the HTTP/2 silo transport (tests use an in-memory one).</summary>
    public SiloHostBuilder UseTransport(Func<SiloHostBuilder, ISiloTransport> factory)
    {
        TransportFactory = factory;
        return this;
    }

    /// <summary>
    /// What <see cref="SiloFailFast.Crash"/> does. The default logs the reason as critical and exits the process with
    /// code 70; a test cluster kills just that silo.
    /// </summary>
    public SiloHostBuilder UseFailFast(Action<string> crash)
    {
        FailFast = crash;
        return this;
    }

    /// <summary>Wraps the machine's database (tests use it to inject storage faults such as a full disk).</summary>
    public SiloHostBuilder UseDatabaseWrapper(Func<ISiloDatabase, ISiloDatabase> wrap)
    {
        DatabaseWrapper = wrap;
        return this;
    }

    /// <summary>
    /// Whether the runtime counts every grain call (calls, errors, latency per method; see
    /// <see cref="Diagnostics.SiloMetrics"/>). On by default; off only to measure what measuring costs.
    /// </summary>
    public SiloHostBuilder UseCallMetrics(bool enabled)
    {
        CallMetrics = enabled;
        return this;
    }

    /// <summary>
    /// What the silo serves on its machine's dashboard port: <paramref name="app"/> builds the request handler from
    /// the silo's services once they exist. Without a dashboard port (0) nothing listens.
    /// </summary>
    public SiloHostBuilder UseDashboard(Func<IServiceProvider, RequestDelegate> app)
    {
        Dashboard = app;
        return this;
    }

    /// <summary>Runs <paramref name="task"/> once the silo accepts calls, as Orleans's startup tasks do.</summary>
    public SiloHostBuilder AddStartupTask(Func<IServiceProvider, CancellationToken, Task> task)
    {
        _startupTasks.Add(task);
        return this;
    }

    /// <summary>Adds the application's versioned schema migrations for <paramref name="component"/>, chosen per provider.</summary>
    public SiloHostBuilder AddMigrations(string component, Func<string, IReadOnlyList<Migration>> load)
    {
        _migrations.Add((component, load));
        return this;
    }

    /// <summary>Builds the silo; nothing starts until <see cref="SiloHost.StartAsync"/>.</summary>
    public SiloHost Build() => new(this);
}
