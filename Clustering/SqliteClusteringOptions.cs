namespace Maildriver.Clustering;

/// <summary>Where the silos of one host keep their shared membership table.</summary>
public sealed class SqliteClusteringOptions
{
    /// <summary>
    /// The SQLite file every silo of this host opens (created, with its folder, if missing). It must be on a local
    /// disk: SQLite's WAL mode needs shared memory, which network file systems do not give.
    /// </summary>
    public string DatabasePath { get; set; } = "";

    /// <summary>How long an operation waits for another silo's write transaction before it fails.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
