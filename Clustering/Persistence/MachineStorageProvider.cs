namespace Maildriver.Clustering.Persistence;

/// <summary>The database a machine keeps its grain state in.</summary>
public enum MachineStorageProvider
{
    /// <summary>A SQLite file of the machine's own (Orleans invariant <c>System.Data.SQLite</c>, over Microsoft.Data.Sqlite).</summary>
    Sqlite,

    /// <summary>The machine's own PostgreSQL database (Orleans invariant <c>Npgsql</c>).</summary>
    Postgres,
}
