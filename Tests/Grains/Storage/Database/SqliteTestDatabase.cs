using Maildriver.Grains.Storage;
using Maildriver.Grains.Storage.Database;
using Maildriver.Grains.Storage.Database.Migrations;
using Microsoft.Extensions.Logging.Abstractions;

namespace Maildriver.Tests.Grains.Storage.Database;

/// <summary>A real SQLite database in a fresh temp folder, with the mail schema, removed afterwards.</summary>
internal sealed class SqliteTestDatabase : IAsyncDisposable
{
    private readonly TestDataDirectory _directory;

    private SqliteTestDatabase(TestDataDirectory directory, SqliteSiloDatabase database)
    {
        _directory = directory;
        Database = database;
    }

    public string DataDir => _directory.Path;

    public SqliteSiloDatabase Database { get; private set; }

    public static async Task<SqliteTestDatabase> CreateAsync()
    {
        var directory = new TestDataDirectory();
        var database = new SqliteSiloDatabase(directory.Path);
        await MailMigrations.ApplyAsync(new MigrationRunner(database, TimeProvider.System, NullLogger<MigrationRunner>.Instance), database.Provider);
        return new SqliteTestDatabase(directory, database);
    }

    /// <summary>Closes the database (unless it was killed, in which case it is just abandoned) and opens the file again.</summary>
    public async Task<SqliteSiloDatabase> ReopenAsync()
    {
        await Database.DisposeAsync();
        Database = new SqliteSiloDatabase(DataDir);
        return Database;
    }

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        _directory.Dispose();
    }
}
