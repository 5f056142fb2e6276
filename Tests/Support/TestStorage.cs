using System.Text.Json.Nodes;
using Npgsql;

namespace Maildriver.Tests.Support;

/// <summary>
/// Which storage provider the cluster tests run on: SQLite, or PostgreSQL when MAILDRIVER_TEST_STORAGE=postgres
/// (test.sh runs the protocol and recovery suites a second time that way when a server answers). Each cluster
/// gets databases of its own, dropped afterwards.
/// </summary>
public static class TestStorage
{
    public static bool IsPostgres => string.Equals(Environment.GetEnvironmentVariable("MAILDRIVER_TEST_STORAGE"), "postgres", StringComparison.OrdinalIgnoreCase);

    private static string ServerConnectionString
        => Environment.GetEnvironmentVariable("MAILDRIVER_TEST_PG_SERVER") ?? "Host=127.0.0.1;Username=postgres;Password=postgres";

    /// <summary>The storage object for a new cluster, and its database name prefix (null for SQLite).</summary>
    public static (JsonObject? Storage, string? Prefix) ForNewCluster()
    {
        if (!IsPostgres)
        {
            return (null, null);
        }

        var prefix = $"mdt{Guid.NewGuid():N}"[..16];
        return (new JsonObject
        {
            ["provider"] = "postgres",
            ["connectionString"] = $"{ServerConnectionString};Database={prefix}_{{machine}}",
        }, prefix);
    }

    /// <summary>Drops the databases a cluster made.</summary>
    public static async Task DropAsync(string prefix, IEnumerable<string> machines)
    {
        await using var connection = new NpgsqlConnection($"{ServerConnectionString};Database=postgres");
        await connection.OpenAsync();
        foreach (var machine in machines)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"DROP DATABASE IF EXISTS \"{prefix}_{machine}\" WITH (FORCE)";
            await command.ExecuteNonQueryAsync();
        }
    }
}
