using Maildriver.Tests.Support;
using Npgsql;

namespace Maildriver.Tests.Processes.Membership;

/// <summary>
/// An empty database on the test PostgreSQL server (<see cref="PostgresFactAttribute.ConnectionTemplate"/>'s server),
/// for the machines of one cluster to share as their membership store; dropped on dispose.
/// </summary>
public sealed class ScratchPostgresDatabase : IAsyncDisposable
{
    private readonly string _server;

    private ScratchPostgresDatabase(string server, string name)
    {
        _server = server;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    public string Name { get; }

    /// <summary>The connection string of the database itself, for cluster.json.</summary>
    public string ConnectionString { get; }

    public static async Task<ScratchPostgresDatabase> CreateAsync()
    {
        var server = new NpgsqlConnectionStringBuilder(PostgresFactAttribute.ConnectionTemplate.Replace("{machine}", "x", StringComparison.Ordinal)) { Database = "postgres" }.ConnectionString;
        var database = new ScratchPostgresDatabase(server, $"mdproc{Guid.NewGuid():N}"[..22]);
        await database.OnServerAsync($"CREATE DATABASE \"{database.Name}\"");
        return database;
    }

    /// <summary>The rows of one query against the database, each row's columns joined by '|'.</summary>
    public async Task<IReadOnlyList<string>> RowsAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }

        return rows;
    }

    public async ValueTask DisposeAsync() => await OnServerAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");

    private async Task OnServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
