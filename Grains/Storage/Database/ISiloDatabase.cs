using System.Data.Common;

namespace Maildriver.Grains.Storage.Database;

/// <summary>
/// One machine's own database (the paper's "each machine keeps its own disk"): SQLite by default, PostgreSQL
/// on servers. Grain storage and the application's tables both live here.
/// </summary>
public interface ISiloDatabase : IAsyncDisposable
{
    /// <summary><c>sqlite</c> or <c>postgres</c>, so SQL can be chosen per dialect.</summary>
    string Provider { get; }

    /// <summary>Opens a connection. Throws <see cref="ObjectDisposedException"/> after <see cref="Kill"/>.</summary>
    Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Waits for this machine's turn to write; dispose the result when the write transaction is over. SQLite allows
    /// one writer at a time, and the SQLite build this project can restore was compiled without usleep, so its busy
    /// handler sleeps whole seconds when two writers collide: queueing writers in-process keeps that from ever
    /// happening. PostgreSQL queues its writers too: one machine's writes are group-committed batches anyway, and
    /// a single writer can never meet another in a deadlock that would abort a delivery half way.
    /// </summary>
    ValueTask<IDisposable> EnterWriteAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Simulates the machine dying: from now on nothing more reaches the disk (new connections are refused),
    /// so code still running in a killed in-process silo cannot write behind the test's back.
    /// </summary>
    void Kill();
}
