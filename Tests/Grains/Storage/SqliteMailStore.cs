using System.Data.Common;
using Maildriver.Grains.Storage;
using Maildriver.Grains.Storage.Database;
using Maildriver.Grains.Storage.Database.Migrations;
using Maildriver.Tests.Grains.Storage.Database;
using Microsoft.Extensions.Logging.Abstractions;

namespace Maildriver.Tests.Grains.Storage;

/// <summary>A <see cref="MailStore"/> on a real SQLite file in a fresh temp folder with the mail schema, removed afterwards.</summary>
internal sealed class SqliteMailStore : IAsyncDisposable
{
    private readonly TestDataDirectory _directory;

    private SqliteMailStore(TestDataDirectory directory, SqliteSiloDatabase database)
    {
        _directory = directory;
        Database = database;
        Store = new MailStore(database);
    }

    public SqliteSiloDatabase Database { get; }

    public MailStore Store { get; }

    public static async Task<SqliteMailStore> CreateAsync()
    {
        var directory = new TestDataDirectory();
        var database = new SqliteSiloDatabase(directory.Path);
        await MailMigrations.ApplyAsync(new MigrationRunner(database, TimeProvider.System, NullLogger<MigrationRunner>.Instance), database.Provider);
        return new SqliteMailStore(directory, database);
    }

    /// <summary>Counts rows straight from a table.</summary>
    public Task<long> CountAsync(string table, string where = "1 = 1") => MailTables.CountAsync(Database, table, where);

    /// <summary>SQLite's plan for <paramref name="sql"/>, one line per step.</summary>
    public async Task<IReadOnlyList<string>> QueryPlanAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        await using DbDataReader reader = await command.ExecuteReaderAsync();
        var steps = new List<string>();
        while (await reader.ReadAsync())
        {
            steps.Add(reader.GetString(3));
        }

        return steps;
    }

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        _directory.Dispose();
    }
}
