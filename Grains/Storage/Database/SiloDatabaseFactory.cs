using Maildriver.Clustering.Configuration;

namespace Maildriver.Grains.Storage.Database;

/// <summary>Opens a machine's database with the provider the cluster configuration names.</summary>
public static class SiloDatabaseFactory
{
    /// <summary>The machine's database: SQLite in <paramref name="dataDir"/>, or PostgreSQL per the connection string.</summary>
    /// <param name="storage">The cluster's storage section.</param>
    /// <param name="machineName">The machine's name; replaces <c>{machine}</c> in a PostgreSQL connection string.</param>
    /// <param name="dataDir">The machine's data directory (SQLite keeps its file there).</param>
    public static ISiloDatabase Create(StorageConfig storage, string machineName, string dataDir)
    {
        ArgumentNullException.ThrowIfNull(storage);
        return storage.Provider switch
        {
            SiloDatabaseProviders.Sqlite => new SqliteSiloDatabase(dataDir),
            SiloDatabaseProviders.Postgres when string.IsNullOrWhiteSpace(storage.ConnectionString)
                => throw new ClusterConfigException("storage.connectionString: required for the postgres provider"),
            SiloDatabaseProviders.Postgres => new PostgresSiloDatabase(storage.ConnectionString!, machineName),
            _ => throw new ClusterConfigException($"storage.provider: '{storage.Provider}' is not a provider (use \"sqlite\" or \"postgres\")"),
        };
    }
}
