namespace Maildriver.Grains.Storage.Database;

/// <summary>The names <see cref="ISiloDatabase.Provider"/> and <c>storage.provider</c> use.</summary>
public static class SiloDatabaseProviders
{
    /// <summary>Embedded SQLite, one file per machine.</summary>
    public const string Sqlite = "sqlite";

    /// <summary>A PostgreSQL server, one database per machine.</summary>
    public const string Postgres = "postgres";
}
