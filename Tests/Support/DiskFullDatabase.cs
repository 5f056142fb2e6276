using System.Data.Common;
using Maildriver.Grains.Storage.Database;

namespace Maildriver.Tests.Support;

/// <summary>
/// A machine's real SQLite database whose disk can be made "full" on demand: while armed, every connection it hands
/// out is capped with SQLite's own <c>PRAGMA max_page_count</c> at the current size, so the next write that needs
/// a new page fails with SQLite's genuine SQLITE_FULL ("database or disk is full").
/// </summary>
public sealed class DiskFullDatabase(ISiloDatabase inner) : ISiloDatabase
{
    private volatile bool _full;

    public string Provider => inner.Provider;

    public void FillDisk() => _full = true;

    public void FreeDisk() => _full = false;

    public async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken = default)
    {
        var connection = await inner.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        if (_full)
        {
            command.CommandText = "PRAGMA page_count";
            var pages = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken));
            command.CommandText = $"PRAGMA max_page_count = {pages}";
        }
        else
        {
            command.CommandText = "PRAGMA max_page_count = 1073741823";
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    public ValueTask<IDisposable> EnterWriteAsync(CancellationToken cancellationToken = default) => inner.EnterWriteAsync(cancellationToken);

    public void Kill() => inner.Kill();

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
