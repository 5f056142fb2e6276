using System.Data.Common;
using Npgsql;

namespace Maildriver.Clustering.OrleansSql;

/// <summary>
/// What a PostgreSQL database Maildriver writes to (Orleans's membership and grain state, a machine's mail) must do for
/// an acknowledged write to survive a crash or a power cut: every connection commits synchronously
/// (<c>synchronous_commit = on</c>, set as a startup option of each connection, so it holds whatever the server's,
/// role's or database's default), and the server really flushes (<c>fsync = on</c>, which only the server can set, so
/// it is checked and a server without it is refused).
/// </summary>
public static class PostgresDurability
{
    private const string SynchronousCommitOption = "-c synchronous_commit=on";

    /// <summary><paramref name="connectionString"/> with <c>synchronous_commit=on</c> as its last startup option (the last one wins).</summary>
    public static string WithSynchronousCommit(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? SynchronousCommitOption : $"{builder.Options} {SynchronousCommitOption}";
        return builder.ConnectionString;
    }

    /// <summary>Why a connection with these settings could lose acknowledged writes, or null when it could not.</summary>
    public static string? Problem(string fsync, string synchronousCommit)
    {
        if (!string.Equals(fsync, "on", StringComparison.OrdinalIgnoreCase))
        {
            return $"the server runs with fsync = {fsync}: a power cut or a crash of the operating system can lose acknowledged writes "
                + "or corrupt the database; set fsync = on in postgresql.conf";
        }

        return string.Equals(synchronousCommit, "off", StringComparison.OrdinalIgnoreCase)
            ? "the connection runs with synchronous_commit = off: a crash of the server can lose acknowledged writes"
            : null;
    }

    /// <summary>Reads the settings of <paramref name="connection"/> and throws when they could lose acknowledged writes.</summary>
    /// <param name="connection">An open connection to the database.</param>
    /// <param name="what">What would be kept there, for the message: <c>mail</c>, <c>Orleans's data</c>.</param>
    /// <param name="cancellationToken">Stops the check.</param>
    /// <exception cref="InvalidOperationException">They could.</exception>
    public static async Task RefuseIfVolatileAsync(DbConnection connection, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT current_setting('fsync'), current_setting('synchronous_commit'), current_database()";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        if (Problem(reader.GetString(0), reader.GetString(1)) is { } problem)
        {
            throw new InvalidOperationException($"Refusing to keep {what} in PostgreSQL database {reader.GetString(2)}: {problem}.");
        }
    }
}
