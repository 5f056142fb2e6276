using Microsoft.Data.Sqlite;

namespace Maildriver.Benchmarks.ProtocolScenario;

/// <summary>
/// How much of a machine's SQLite database holds data: pages in use (all pages less the free list) times the page
/// size, as the database's own header and the write-ahead log say. The file sizes would mislead: the log grows
/// and is reused rather than shrunk, and freed pages stay in the file. Read through a separate read-only
/// connection, which sees the last committed state while the silo keeps running.
/// </summary>
public static class StoreSize
{
    /// <summary>Bytes of the database at <paramref name="path"/> in use.</summary>
    public static long BytesInUse(string path)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        using var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT page_count FROM pragma_page_count()) - (SELECT freelist_count FROM pragma_freelist_count()), (SELECT page_size FROM pragma_page_size())";
        using var reader = command.ExecuteReader();
        reader.Read();
        return reader.GetInt64(0) * reader.GetInt64(1);
    }
}
