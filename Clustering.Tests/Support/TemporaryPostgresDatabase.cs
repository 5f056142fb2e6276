using Maildriver.Tests.Support;
using Npgsql;

namespace Maildriver.Clustering.Tests.Support;

/// <summary>
/// A fresh database on the test PostgreSQL server (as Tests/Support/TestStorage.cs finds it: MAILDRIVER_TEST_PG_SERVER,
/// else 127.0.0.1 as postgres/postgres), dropped afterwards.
/// </summary>
public sealed class TemporaryPostgresDatabase : IAsyncDisposable
{
    private static string ServerConnectionString
        => Environment.GetEnvironmentVariable("MAILDRIVER_TEST_PG_SERVER") ?? "Host=127.0.0.1;Username=postgres;Password=postgres";

    private TemporaryPostgresDatabase(string name)
    {
        Name = name;
        ConnectionString = $"{ServerConnectionString};Database={name}";
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<TemporaryPostgresDatabase> CreateAsync()
    {
        var database = new TemporaryPostgresDatabase($"mdclu{Guid.NewGuid():N}"[..21]);
        await using var connection = new NpgsqlConnection($"{ServerConnectionString};Database=postgres");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"CREATE DATABASE \"{database.Name}\"";
        await command.ExecuteNonQueryAsync();
        return database;
    }

    /// <summary>A fresh database, or null when no PostgreSQL server answers (the tests that need it are skipped then).</summary>
    public static async Task<TemporaryPostgresDatabase?> CreateIfServerAnswersAsync()
        => new PostgresFactAttribute().Skip is null ? await CreateAsync() : null;

    /// <summary>An open connection to the database.</summary>
    public async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        try
        {
            await connection.OpenAsync();
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task<List<string>> QueryStringsAsync(string sql)
    {
        await using var connection = await OpenAsync();
        return await Sql.StringsAsync(connection, sql);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection($"{ServerConnectionString};Database=postgres");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)";
        await command.ExecuteNonQueryAsync();
    }
}
