using System.Data.Common;
using Maildriver.Clustering.OrleansSql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Storage;

namespace Maildriver.Clustering.Persistence;

/// <summary>Registers a machine's grain storage: Orleans's ADO.NET grain storage over the machine's own database.</summary>
public static class MachineGrainStorageExtensions
{
    /// <summary>
    /// Orleans's invariant for SQLite. Orleans maps it to Microsoft.Data.Sqlite's factory; the invariant
    /// "Microsoft.Data.Sqlite" is not one Orleans knows (its dialect table throws KeyNotFoundException).
    /// </summary>
    public const string SqliteInvariant = "System.Data.SQLite";

    /// <summary>Orleans's invariant for PostgreSQL through Npgsql.</summary>
    public const string PostgresInvariant = "Npgsql";

    /// <summary>
    /// Adds the grain storage <paramref name="name"/> (what <c>[PersistentState(stateName, name)]</c> names):
    /// Microsoft.Orleans.Persistence.AdoNet over the database <paramref name="options"/> names, with
    /// <list type="bullet">
    /// <item>Orleans's invariant for the database (<see cref="SqliteInvariant"/> or <see cref="PostgresInvariant"/>);</item>
    /// <item>rows keyed by <see cref="MachineStorageOptions.ServiceId"/>, not by the cluster's service id, so a
    /// restarted silo finds its state whatever its cluster is configured with;</item>
    /// <item>state serialized with System.Text.Json (Orleans's <see cref="SystemTextJsonGrainStorageSerializer"/>),
    /// for this storage only;</item>
    /// <item>connections that keep their writes: SQLite in WAL mode with <c>synchronous = FULL</c> and a busy
    /// timeout; PostgreSQL with <c>synchronous_commit = on</c>, and a server with <c>fsync = off</c> refused;</item>
    /// <item>Orleans's scripts (Main and Persistence) installed into the database at the silo's start, before the
    /// storage reads its queries, through <see cref="OrleansSqlScripts"/>.</item>
    /// </list>
    /// A state's ETag is its row's version: a write with a version that is not the stored one (a stale writer) fails
    /// with <see cref="InconsistentStateException"/> and changes nothing.
    /// </summary>
    public static ISiloBuilder AddMachineGrainStorage(this ISiloBuilder builder, string name, MachineStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        var services = builder.Services;
        // Made by the container, so disposed with it (which empties the connection pool).
        services.AddKeyedSingleton<DbDataSource>(name, (_, _) => CreateDataSource(options));
        services.AddKeyedSingleton<IGrainStorageSerializer>(name, (sp, _) => ActivatorUtilities.CreateInstance<SystemTextJsonGrainStorageSerializer>(sp));
        // Orleans's per-provider override of ClusterOptions (OptionsOverrides.GetProviderClusterOptions, read by the
        // storage's factory): a ClusterOptions registered under the storage's name.
        services.AddKeyedSingleton(name, (sp, _) => new ClusterOptions
        {
            ClusterId = sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ClusterId,
            ServiceId = options.ServiceId,
        });
        builder.AddAdoNetGrainStorage(name, storage => storage.Configure<IServiceProvider>((o, sp) =>
        {
            o.Invariant = options.Provider == MachineStorageProvider.Sqlite ? SqliteInvariant : PostgresInvariant;
            o.DataSource = sp.GetRequiredKeyedService<DbDataSource>(name);
            o.GrainStorageSerializer = sp.GetRequiredKeyedService<IGrainStorageSerializer>(name);
        }));
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => new OrleansSqlInstallStep(
            name,
            OrleansSqlComponent.Persistence,
            cancellationToken => sp.GetRequiredKeyedService<DbDataSource>(name).OpenConnectionAsync(cancellationToken).AsTask(),
            options.Provider == MachineStorageProvider.Postgres
                ? (connection, ct) => PostgresDurability.RefuseIfVolatileAsync(connection, "Orleans's data", ct)
                : null,
            sp.GetRequiredService<ILogger<OrleansSqlInstallStep>>()));
        return builder;
    }

    private static DbDataSource CreateDataSource(MachineStorageOptions options) => options.Provider switch
    {
        MachineStorageProvider.Sqlite => new SqliteMachineDataSource(options.Database, options.BusyTimeout),
        MachineStorageProvider.Postgres => NpgsqlDataSource.Create(PostgresDurability.WithSynchronousCommit(options.Database)),
        _ => throw new ArgumentOutOfRangeException(nameof(options), options.Provider, "unknown storage provider"),
    };
}
