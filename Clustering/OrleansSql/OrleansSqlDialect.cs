using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Maildriver.Clustering.OrleansSql;

/// <summary>
/// What differs between the two databases Maildriver runs on, for installing Orleans's scripts: the scripts' file
/// prefix, the table that records what was installed, and how an install shuts out another process doing the same.
/// </summary>
internal sealed class OrleansSqlDialect
{
    /// <summary>
    /// PostgreSQL. Several silos may install into one database at once (the shared clustering database): each install
    /// transaction first takes a transaction-scoped advisory lock, so they run one after the other.
    /// </summary>
    public static readonly OrleansSqlDialect PostgreSql = new(
        "PostgreSQL",
        """
        CREATE TABLE IF NOT EXISTS maildriver_orleans_scripts (
            name       varchar(200) NOT NULL PRIMARY KEY,
            sha256     char(64)     NOT NULL,
            applied_at timestamptz  NOT NULL DEFAULT now()
        )
        """,
        // The key is arbitrary; it only has to be the same in every process ("MDORLSQL" in ASCII).
        "SELECT pg_advisory_xact_lock(5567286282218292044)");

    /// <summary>
    /// SQLite. Microsoft.Data.Sqlite begins transactions IMMEDIATE: the file's write lock is taken at the start, so
    /// two installs into one file run one after the other.
    /// </summary>
    public static readonly OrleansSqlDialect Sqlite = new(
        "Sqlite",
        """
        CREATE TABLE IF NOT EXISTS maildriver_orleans_scripts (
            name       TEXT NOT NULL PRIMARY KEY,
            sha256     TEXT NOT NULL,
            applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
        )
        """,
        null);

    private OrleansSqlDialect(string scriptPrefix, string createRecordTable, string? lockStatement)
    {
        ScriptPrefix = scriptPrefix;
        CreateRecordTable = createRecordTable;
        LockStatement = lockStatement;
    }

    /// <summary>How Orleans names this database's scripts: <c>{prefix}-Main.sql</c>, <c>{prefix}-Persistence.sql</c>...</summary>
    public string ScriptPrefix { get; }

    /// <summary>Creates <c>maildriver_orleans_scripts</c> if it is missing.</summary>
    public string CreateRecordTable { get; }

    /// <summary>The first statement of every install transaction, if the transaction itself does not exclude others.</summary>
    public string? LockStatement { get; }

    /// <summary>The dialect of <paramref name="connection"/>'s database.</summary>
    /// <exception cref="NotSupportedException">Neither PostgreSQL (Npgsql) nor SQLite (Microsoft.Data.Sqlite).</exception>
    public static OrleansSqlDialect Of(DbConnection connection) => connection switch
    {
        NpgsqlConnection => PostgreSql,
        SqliteConnection => Sqlite,
        _ => throw new NotSupportedException($"Orleans's scripts are installed on PostgreSQL (Npgsql) or SQLite (Microsoft.Data.Sqlite), not {connection.GetType().FullName}"),
    };

    /// <inheritdoc />
    public override string ToString() => ScriptPrefix;
}
