using Maildriver.Grains.Storage;
using Maildriver.Grains.Storage.Database;
using Maildriver.Grains.Storage.Database.Migrations;
using Maildriver.Silo.MailPorts;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;

namespace Maildriver.Silo.Hosting;

/// <summary>
/// The machine's own database (its letters, inboxes, orders and records) as a part of the silo's life: opened and
/// brought to the current schema before any grain can run, closed when the silo stops. A schema it cannot apply
/// stops the silo's start, so nothing is written by a machine whose store is not what its code expects.
/// </summary>
public sealed class MachineDatabase(MachineSettings settings, TimeProvider time, ILoggerFactory loggers)
    : ILifecycleParticipant<ISiloLifecycle>, IAsyncDisposable
{
    private ISiloDatabase? _database;

    /// <summary>The open database; opening it on first use, so services built early see the same instance.</summary>
    public ISiloDatabase Database
    {
        get
        {
            if (_database is null)
            {
                var machine = settings.MachineConfig;
                var database = SiloDatabaseFactory.Create(settings.Cluster.Storage, settings.Machine, machine.DataDir);
                _database = settings.DatabaseWrapper?.Invoke(database) ?? database;
            }

            return _database;
        }
    }

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle)
        // First of all: Orleans's own tables for the grain state go into this database, which must exist by then
        // (a PostgreSQL machine database is created at its first opening).
        => lifecycle.Subscribe(nameof(MachineDatabase), ServiceLifecycleStage.RuntimeInitialize - 1, MigrateAsync, CloseAsync);

    /// <summary>Closes the database.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_database is { } database)
        {
            _database = null;
            await database.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var runner = new MigrationRunner(Database, time, loggers.CreateLogger<MigrationRunner>());
        // The letters of an older store become messages addressed in the cluster's mail domain (mail migration 4).
        var migrations = MailMigrations.Load(Database.Provider, MailPortsConfig.DomainOf(settings.Cluster));
        await runner.ApplyAsync(MailMigrations.Component, migrations, cancellationToken).ConfigureAwait(false);
    }

    private Task CloseAsync(CancellationToken cancellationToken) => DisposeAsync().AsTask();
}
