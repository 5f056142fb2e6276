using Maildriver.Grains.Storage.Database;

namespace Maildriver.Grains.Storage;

/// <summary>Facts about this machine's store rather than about mail, kept in <c>store_flags</c> (mail migration 2).</summary>
/// <param name="database">The machine's database, with the mail migrations applied.</param>
public sealed class StoreFlags(ISiloDatabase database)
{
    private const string RebuildPendingFlag = "rebuild_pending";

    private const string GetFlag = "SELECT value FROM store_flags WHERE name = @name";

    private const string SetFlag =
        "INSERT INTO store_flags (name, value) VALUES (@name, @value) ON CONFLICT (name) DO UPDATE SET value = excluded.value";

    /// <summary>
    /// Whether this replica still has to be reconciled with the other machines: true after a restore from a backup
    /// (which may be older than the cluster's mail) and while a rebuild from the other machines is under way.
    /// False in a store that never set it.
    /// </summary>
    public async Task<bool> GetRebuildPendingAsync(CancellationToken cancellationToken = default)
    {
        await using var batch = await MailBatch.ReadAsync(database, cancellationToken);
        return await batch.ScalarAsync(GetFlag, ("@name", RebuildPendingFlag)) is string value && value == "true";
    }

    /// <summary>Sets or clears the flag <see cref="GetRebuildPendingAsync"/> reads, in a transaction of its own.</summary>
    public async Task SetRebuildPendingAsync(bool pending, CancellationToken cancellationToken = default)
    {
        await using var batch = await MailBatch.WriteAsync(database, cancellationToken);
        await batch.ExecuteAsync(SetFlag, ("@name", RebuildPendingFlag), ("@value", pending ? "true" : "false"));
        await batch.CommitAsync();
    }
}
