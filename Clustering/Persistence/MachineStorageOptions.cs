namespace Maildriver.Clustering.Persistence;

/// <summary>
/// Where and how one machine keeps the grain state that Orleans's ADO.NET storage writes. Made by
/// <see cref="ForSqlite"/> or <see cref="ForPostgres"/>; change the rest with <c>with { ... }</c>.
/// </summary>
public sealed record MachineStorageOptions
{
    /// <summary>The <see cref="ServiceId"/> unless one is given.</summary>
    public const string DefaultServiceId = "maildriver";

    // OrleansStorage.ServiceId is varchar(150) in Orleans's scripts.
    private const int MaxServiceIdLength = 150;

    private MachineStorageOptions(MachineStorageProvider provider, string database)
    {
        Provider = provider;
        Database = database;
    }

    /// <summary>The database it is kept in.</summary>
    public MachineStorageProvider Provider { get; }

    /// <summary>SQLite: the database file's full path. PostgreSQL: the connection string of the machine's database.</summary>
    public string Database { get; }

    /// <summary>
    /// The service id the state's rows are keyed by. Orleans's ADO.NET storage keys every row by a service id (with the
    /// grain's type and id), and by default takes the cluster's <c>ClusterOptions.ServiceId</c>, which TestingHost makes
    /// random: a silo that came back under another service id would not find its state. This one is fixed, for this
    /// storage only, whatever the cluster's. Keep it the same for the life of the machine's data.
    /// </summary>
    public string ServiceId { get; init; } = DefaultServiceId;

    /// <summary>SQLite only: how long a statement waits for another connection's write lock on the file before it fails.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>State in the SQLite file <paramref name="databasePath"/> (created, with its folder, if missing), a file of its own.</summary>
    public static MachineStorageOptions ForSqlite(string databasePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        return new MachineStorageOptions(MachineStorageProvider.Sqlite, Path.GetFullPath(databasePath));
    }

    /// <summary>State in the PostgreSQL database <paramref name="connectionString"/> names (it must exist).</summary>
    public static MachineStorageOptions ForPostgres(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return new MachineStorageOptions(MachineStorageProvider.Postgres, connectionString);
    }

    /// <summary>The provider and service id; not the database, whose connection string may hold a password.</summary>
    public override string ToString() => $"{Provider} grain storage, service id {ServiceId}";

    /// <summary>Throws when a setting is out of range.</summary>
    /// <exception cref="ArgumentException">The service id is empty or too long, or the busy timeout is not positive.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ServiceId) || ServiceId.Length > MaxServiceIdLength)
        {
            throw new ArgumentException($"MachineStorageOptions.ServiceId must have 1 to {MaxServiceIdLength} characters (it is '{ServiceId}')");
        }

        if (BusyTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"MachineStorageOptions.BusyTimeout must be positive (it is {BusyTimeout})");
        }
    }
}
