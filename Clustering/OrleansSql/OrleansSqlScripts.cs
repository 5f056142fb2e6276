using System.Data;
using System.Data.Common;

namespace Maildriver.Clustering.OrleansSql;

/// <summary>
/// Installs Orleans's own SQL scripts (taken unchanged from dotnet/orleans; see <c>deploy/postgres/orleans/</c> and
/// <c>deploy/sqlite/orleans/</c>) into a database, once. Orleans's scripts are not idempotent (plain CREATE TABLE,
/// CREATE FUNCTION, INSERT INTO OrleansQuery), so each one runs in a transaction of its own that also records its name
/// and SHA-256 in <c>maildriver_orleans_scripts</c>: on a fresh database every script runs; on one already set up
/// every recorded script is skipped; a script recorded with another hash stops the install
/// (<see cref="OrleansSqlScriptMismatchException"/>). Concurrent installs into one database (silos starting together
/// on a shared clustering database) run one after the other.
/// </summary>
public static class OrleansSqlScripts
{
    /// <summary>
    /// Installs what <paramref name="component"/> needs into the database of <paramref name="connection"/> (an open
    /// Npgsql or Microsoft.Data.Sqlite connection): Orleans's Main script, then the component's.
    /// </summary>
    /// <returns>The names of the scripts run now, in order; empty when the database already had them all.</returns>
    /// <exception cref="OrleansSqlScriptMismatchException">A script was installed with another text.</exception>
    /// <exception cref="InvalidOperationException">A script failed (its transaction was rolled back).</exception>
    /// <exception cref="NotSupportedException">Another kind of database, or clustering on SQLite.</exception>
    public static Task<IReadOnlyList<string>> InstallAsync(
        DbConnection connection, OrleansSqlComponent component, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var dialect = OrleansSqlDialect.Of(connection);
        return InstallAsync(connection, dialect, OrleansSqlScriptCatalog.For(dialect, component), cancellationToken);
    }

    /// <summary>Installs <paramref name="scripts"/> in order (tests give scripts of their own).</summary>
    internal static async Task<IReadOnlyList<string>> InstallAsync(
        DbConnection connection, OrleansSqlDialect dialect, IReadOnlyList<OrleansSqlScript> scripts, CancellationToken cancellationToken)
    {
        if (connection.State != ConnectionState.Open)
        {
            throw new ArgumentException("The connection must be open", nameof(connection));
        }

        await InTransactionAsync(connection, dialect, async transaction =>
        {
            await ExecuteAsync(connection, transaction, dialect.CreateRecordTable, cancellationToken);
            return true;
        }, cancellationToken);

        var ran = new List<string>();
        foreach (var script in scripts)
        {
            if (await InTransactionAsync(connection, dialect, transaction => InstallOneAsync(connection, transaction, script, cancellationToken), cancellationToken))
            {
                ran.Add(script.Name);
            }
        }

        return ran;
    }

    /// <summary>The scripts recorded in the database, by name, with their SHA-256.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> ReadInstalledAsync(DbConnection connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, sha256 FROM maildriver_orleans_scripts";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var installed = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            installed[reader.GetString(0)] = reader.GetString(1);
        }

        return installed;
    }

    // Runs the script and records it, or, when it is recorded already, checks that it is the same script.
    private static async Task<bool> InstallOneAsync(DbConnection connection, DbTransaction transaction, OrleansSqlScript script, CancellationToken cancellationToken)
    {
        await using var read = Command(connection, transaction, "SELECT sha256 FROM maildriver_orleans_scripts WHERE name = @name", ("@name", script.Name));
        if (await read.ExecuteScalarAsync(cancellationToken) is string installed)
        {
            return string.Equals(installed.Trim(), script.Sha256, StringComparison.OrdinalIgnoreCase)
                ? false
                : throw new OrleansSqlScriptMismatchException(script.Name, installed.Trim(), script.Sha256);
        }

        try
        {
            await ExecuteAsync(connection, transaction, script.Text, cancellationToken);
        }
        catch (DbException e)
        {
            throw new InvalidOperationException(
                $"Installing Orleans's {script.Name} failed, and nothing of it was kept: {e.Message}. If its tables exist already, "
                + "it was applied by other means than OrleansSqlScripts, which has no record of it in maildriver_orleans_scripts.", e);
        }

        await using var record = Command(connection, transaction,
            "INSERT INTO maildriver_orleans_scripts (name, sha256) VALUES (@name, @sha256)", ("@name", script.Name), ("@sha256", script.Sha256));
        await record.ExecuteNonQueryAsync(cancellationToken);
        return true;
    }

    private static async Task<T> InTransactionAsync<T>(
        DbConnection connection, OrleansSqlDialect dialect, Func<DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (dialect.LockStatement is { } lockStatement)
        {
            await ExecuteAsync(connection, transaction, lockStatement, cancellationToken);
        }

        var result = await work(transaction);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql, params (string Name, string Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
