using Maildriver.Clustering.Configuration;
using Maildriver.Grains.Storage.Database.Migrations;
using Maildriver.Grains.Storage.Database;
using Maildriver.Grains.Mime;
using Maildriver.Grains.Storage;
using Maildriver.Tests.Grains.Storage.Database;
using Maildriver.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Maildriver.Tests.Grains.Storage;

/// <summary>
/// A <see cref="MailStore"/> on the provider <see cref="TestStorage"/> names: SQLite in a fresh temp folder, or, with
/// MAILDRIVER_TEST_STORAGE=postgres, a PostgreSQL database of its own. Opened the way a silo opens its store
/// (<see cref="SiloDatabaseFactory"/>); removed afterwards.
/// </summary>
internal sealed class ProviderMailStore : IAsyncDisposable
{
    private const string Machine = "MD1";

    private readonly TestDataDirectory _directory = new();
    private readonly StorageConfig _storage;
    private readonly string? _databasePrefix;
    private readonly TimeProvider _clock;

    private ProviderMailStore(StorageConfig storage, string? databasePrefix, TimeProvider clock)
    {
        _storage = storage;
        _databasePrefix = databasePrefix;
        _clock = clock;
        Open();
    }

    public ISiloDatabase Database { get; private set; } = null!;

    public MailStore Store { get; private set; } = null!;

    /// <summary>A store with the mail schema up to <paramref name="mailSchema"/> (all of it when null).</summary>
    public static async Task<ProviderMailStore> CreateAsync(TimeProvider? clock = null, int? mailSchema = null)
    {
        var (storage, prefix) = TestStorage.ForNewCluster();
        var config = storage is null
            ? new StorageConfig()
            : new StorageConfig { Provider = (string)storage["provider"]!, ConnectionString = (string)storage["connectionString"]! };
        var store = new ProviderMailStore(config, prefix, clock ?? TimeProvider.System);
        try
        {
            await store.MigrateAsync(mailSchema);
            return store;
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    /// <summary>Applies the mail migrations up to <paramref name="mailSchema"/> (all of them when null); returns those applied now.</summary>
    public Task<IReadOnlyList<Migration>> MigrateAsync(int? mailSchema = null, MailDomain? domain = null)
    {
        var runner = new MigrationRunner(Database, TimeProvider.System, NullLogger<MigrationRunner>.Instance);
        var migrations = MailMigrations.Load(Database.Provider, domain).Where(m => mailSchema is null || m.Version <= mailSchema);
        return runner.ApplyAsync(MailMigrations.Component, migrations);
    }

    /// <summary>Closes the database and opens it again, as a restarted silo would.</summary>
    public async Task ReopenAsync()
    {
        await Database.DisposeAsync();
        Open();
    }

    /// <summary>Counts rows straight from a table.</summary>
    public Task<long> CountAsync(string table, string where = "1 = 1") => MailTables.CountAsync(Database, table, where);

    /// <summary>Runs SQL straight on the database, bypassing the store.</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var connection = await Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        if (_databasePrefix is not null)
        {
            await TestStorage.DropAsync(_databasePrefix, [Machine]);
        }

        _directory.Dispose();
    }

    private void Open()
    {
        Database = SiloDatabaseFactory.Create(_storage, Machine, _directory.Path);
        Store = new MailStore(Database, _clock);
    }
}
