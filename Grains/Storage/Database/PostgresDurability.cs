using Npgsql;

namespace Maildriver.Grains.Storage.Database;

/// <summary>
/// What a machine's PostgreSQL database must do for an acknowledged letter to survive a crash or a power cut: every
/// commit waits until its WAL record is flushed to disk (<c>synchronous_commit</c> other than <c>off</c>), and the
/// server really flushes (<c>fsync = on</c>). The first is set on every connection; the second is the server's
/// alone, so it is checked, and a server without it is refused.
/// </summary>
internal static class PostgresDurability
{
    /// <summary>The startup option every connection carries; coming last, it wins over one the operator wrote.</summary>
    public const string SynchronousCommit = "-c synchronous_commit=on";

    /// <summary>The connection string's <c>Options</c> with <see cref="SynchronousCommit"/> added.</summary>
    public static string WithSynchronousCommit(string? options)
        => string.IsNullOrWhiteSpace(options) ? SynchronousCommit : $"{options} {SynchronousCommit}";

    /// <summary>Why a server with these settings would lose acknowledged commits, or null when it would not.</summary>
    public static string? FindProblem(string fsync, string synchronousCommit)
    {
        if (!string.Equals(fsync, "on", StringComparison.OrdinalIgnoreCase))
        {
            return $"the server runs with fsync = {fsync}, so a power cut or an operating system crash can lose "
                + "acknowledged letters or corrupt the database; set fsync = on in postgresql.conf";
        }

        return string.Equals(synchronousCommit, "off", StringComparison.OrdinalIgnoreCase)
            ? "the connection has synchronous_commit = off, so a crash can lose letters already acknowledged"
            : null;
    }

    /// <summary>Reads the settings on <paramref name="connection"/> and throws when they would lose acknowledged commits.</summary>
    /// <exception cref="InvalidOperationException">They would.</exception>
    public static async Task CheckAsync(NpgsqlConnection connection, string databaseName, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT current_setting('fsync'), current_setting('synchronous_commit')";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        if (FindProblem(reader.GetString(0), reader.GetString(1)) is { } problem)
        {
            throw new InvalidOperationException($"Refusing to keep mail in PostgreSQL database {databaseName}: {problem}.");
        }
    }
}
