using Maildriver.Clustering.Configuration;
using Maildriver.Clustering.Persistence;
using Maildriver.Grains.Dashboard;
using Maildriver.Grains.Hosting;
using Maildriver.Grains.Master;
using Maildriver.Grains.Protocol;
using Maildriver.Grains.Replica;
using Maildriver.Grains.Server;
using Maildriver.Grains.Storage.Database;
using Maildriver.Grains.Storage;
using Maildriver.Grains.Telemetry;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Orleans;
using Orleans.Hosting;
using Orleans.Runtime;

namespace Maildriver.Silo.Hosting;

/// <summary>Makes an Orleans silo one Maildriver machine.</summary>
public static class MaildriverSiloBuilderExtensions
{
    /// <summary>
    /// Adds the machine's database and the protocol's services. Orleans finds the grain classes in the Grains
    /// assembly by itself. <see cref="MachineServices.AddMachine"/> adds these, the dashboard, the Replica's start and
    /// the mail ports, in that order.
    /// </summary>
    public static ISiloBuilder AddMaildriver(this ISiloBuilder builder, MachineSettings settings)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        var services = builder.Services;
        var machine = settings.MachineConfig;

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(settings);
        services.AddSingleton(settings.Cluster);
        services.AddSingleton(machine);
        services.AddMaildriverOptions(settings.Cluster);
        services.AddSingleton<MachineDatabase>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<MachineDatabase>());
        services.AddSingleton(sp => sp.GetRequiredService<MachineDatabase>().Database);
        services.AddSingleton(sp => new SiloIdentity(settings.Machine, sp.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping));
        services.AddSingleton<SiloReadiness>();
        services.AddSingleton(sp => new SiloFailFast(settings.FailFast ?? sp.GetRequiredService<MachineCrash>().Crash));
        services.AddSingleton<MachineCrash>();

        services.AddSingleton(sp => new MailStore(sp.GetRequiredService<ISiloDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<MailboxWatchers>();
        services.AddSingleton<MailboxOpenings>();
        services.AddSingleton<LetterContents>();
        services.AddSingleton(sp => new SnapshotShelf(Path.Combine(machine.DataDir, "snapshots"), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new TokenService(
            settings.Cluster.ClusterSecret, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<MaildriverOptions>().TokenLifetime));

        // The first admin's password, from the silo's environment (MAILDRIVER_ADMIN_PASSWORD, as the README and
        // deploy/local-cluster.sh say), not from cluster.json: the Master uses it only when it starts on a cluster with
        // no users. Read here, when the options are first asked for, so grain code never touches the environment.
        services.AddOptions<AdminBootstrapOptions>()
            .Configure(o => o.Password = Environment.GetEnvironmentVariable(AdminBootstrapOptions.PasswordVariable));

        // Maildriver's meter; the grains record on it (the machine's name tags every figure).
        services.AddMetrics();
        services.AddSingleton<LetterCount>();
        services.AddSingleton(sp => new MaildriverMetrics(
            sp.GetRequiredService<IMeterFactory>(), settings.Machine, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<LetterCount>(),
            sp.GetRequiredService<MaildriverOptions>().Machines));

        builder.AddIncomingGrainCallFilter<ReadinessFilter>();

        // The machine's view (epoch, Master, Lieutenant) is Orleans grain state in the machine's own database.
        builder.AddMachineGrainStorage(MachineGrainStorageName.Value, ViewStorage(settings));

        // The machine's monitor grain (the dashboard's source) and the cluster's event log it keeps; the page is the host's.
        services.AddSingleton<SiloStarted>();
        services.AddSingleton<ClusterEventLog>();
        return builder;
    }

    /// <summary>
    /// Starts the machine's protocol once the silo is active (section 10.2: "I'm here!"), holding clients back until
    /// it has (<see cref="ReplicaStart"/>). Added after the dashboard, as it always was: the work of one lifecycle
    /// stage begins in the order it was added.
    /// </summary>
    public static ISiloBuilder StartReplica(this ISiloBuilder builder, MachineSettings settings)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => new ReplicaStart(
            settings.Machine, sp.GetRequiredService<IGrainFactory>(), sp.GetRequiredService<SiloReadiness>()));
        return builder;
    }

    private static MachineStorageOptions ViewStorage(MachineSettings settings)
        => settings.Cluster.Storage.Provider == SiloDatabaseProviders.Postgres
            ? MachineStorageOptions.ForPostgres(settings.Cluster.Storage.ConnectionString!.Replace(
                PostgresSiloDatabase.MachinePlaceholder, settings.Machine, StringComparison.Ordinal))
            : MachineStorageOptions.ForSqlite(Path.Combine(settings.MachineConfig.DataDir, SqliteSiloDatabase.FileName));
}
