using Maildriver.Clustering.Configuration;
using Npgsql;

namespace Maildriver.Silo.Hosting;

/// <summary>
/// Checks, before a machine touches anything, that the membership store cluster.json names can be reached: a
/// PostgreSQL membership database that does not answer would otherwise fail the start deep inside Orleans, with a
/// stack trace, after the data directory and the machine's store were already created.
/// </summary>
public static class MembershipPreflight
{
    /// <summary>How long the check waits for the PostgreSQL server (Npgsql's own default is 15 s).</summary>
    public const int ConnectTimeoutSeconds = 5;

    /// <summary>Null when the store answers (or is the embedded SQLite file), else one line saying what is wrong.</summary>
    public static async Task<string?> CheckAsync(MembershipConfig membership, CancellationToken cancellationToken)
    {
        if (membership.Provider != "postgres")
        {
            return null;
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(membership.ConnectionString) { Timeout = ConnectTimeoutSeconds };
        }
        catch (ArgumentException ex)
        {
            return $"membership.connectionString: {OneLine(ex.Message)}";
        }

        // Host, port and database only: the line goes to logs, the password must not.
        var where = $"{builder.Host}:{builder.Port}/{builder.Database}";
        try
        {
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            return null;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return $"membership.connectionString: the PostgreSQL membership database {where} cannot be reached: {OneLine(Innermost(ex).Message)}";
        }
    }

    private static Exception Innermost(Exception ex) => ex.InnerException is { } inner ? Innermost(inner) : ex;

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
