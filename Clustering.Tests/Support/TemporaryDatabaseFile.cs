using Microsoft.Data.Sqlite;

namespace Maildriver.Clustering.Tests.Support;

/// <summary>A folder of its own for one test's SQLite file, deleted afterwards.</summary>
public sealed class TemporaryDatabaseFile : IDisposable
{
    private readonly string _folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"md-membership-{Guid.NewGuid():N}");

    /// <summary>The file's path (the table creates it).</summary>
    public string Path => System.IO.Path.Combine(_folder, "membership.db");

    public void Dispose()
    {
        // Pooled connections keep the file open.
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
