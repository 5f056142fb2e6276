using Maildriver.Grains.Protocol;
using Maildriver.Grains.Storage.Database;

namespace Maildriver.Grains.Storage;

/// <summary>
/// One machine's replica of all mail in its own database: users and lists, the WorkSpace of protoletters waiting
/// for delivery, delivered letters stored once each however many inboxes reference them, the inbox rows, and the
/// records only the Master or the Lieutenant keeps. The same SQL runs on SQLite and PostgreSQL.
/// </summary>
/// <remarks>
/// Every mutating call is one transaction, whatever the size of the batch it is given; grouping writes into
/// batches is the caller's job. Statements run per row are reused and prepared within the transaction.
/// The mail migrations (<see cref="MailMigrations"/>) must have been applied to the database.
/// </remarks>
public sealed partial class MailStore
{
    private readonly ISiloDatabase _database;
    private readonly TimeProvider _timeProvider;

    /// <summary>Keeps mail in <paramref name="database"/>.</summary>
    /// <param name="database">The machine's database, with the mail migrations applied.</param>
    /// <param name="timeProvider">The clock snapshots are dated by; the system clock when omitted.</param>
    public MailStore(ISiloDatabase database, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        _timeProvider = timeProvider ?? TimeProvider.System;
        Users = new Users(database);
        Letters = new Letters(database);
        WorkSpace = new WorkSpace(database, Letters, _inboxChanges);
        Inboxes = new Inboxes(database);
        Orders = new Orders(database, _inboxChanges);
        MasterDirectory = new MasterDirectory(database);
        LieutenantDirectory = new LieutenantDirectory(database);
        Flags = new StoreFlags(database);
        ClusterEvents = new ClusterEvents(database);
    }

    /// <summary>The users and the mailing lists.</summary>
    public Users Users { get; }

    /// <summary>The delivered letters and the tombstones of deleted ones.</summary>
    public Letters Letters { get; }

    /// <summary>The protoletters waiting for delivery, and their delivery.</summary>
    public WorkSpace WorkSpace { get; }

    /// <summary>The users' inboxes.</summary>
    public Inboxes Inboxes { get; }

    /// <summary>Carries out the Master's orders.</summary>
    public Orders Orders { get; }

    /// <summary>The Master's copies of letters in mid-delivery.</summary>
    public MasterDirectory MasterDirectory { get; }

    /// <summary>The Lieutenant's records.</summary>
    public LieutenantDirectory LieutenantDirectory { get; }

    /// <summary>Facts about the store itself (a rebuild pending).</summary>
    public StoreFlags Flags { get; }

    /// <summary>The cluster's recent events.</summary>
    public ClusterEvents ClusterEvents { get; }

    /// <summary>The cluster view this machine last stored, or null if it never stored one.</summary>
    public async Task<ClusterView?> GetClusterViewAsync(CancellationToken cancellationToken = default)
    {
        await using var batch = await MailBatch.ReadAsync(_database, cancellationToken);
        await using var reader = await batch.ReaderAsync(MailSql.GetClusterView);
        return await reader.ReadAsync(cancellationToken)
            ? new ClusterView(MailColumns.ToInt64(reader.GetValue(0)), reader.GetString(1), reader.GetString(2) is { Length: > 0 } lieutenant ? lieutenant : null)
            : null;
    }

    /// <summary>Stores <paramref name="view"/>, replacing the previous one.</summary>
    public async Task SetClusterViewAsync(ClusterView view, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(view);
        await using var batch = await MailBatch.WriteAsync(_database, cancellationToken);
        await batch.ExecuteAsync(MailSql.SetClusterView, ("@epoch", view.Epoch), ("@master", view.Master), ("@lieutenant", view.Lieutenant ?? string.Empty));
        await batch.CommitAsync();
    }

    /// <summary>
    /// How much this machine holds: kept as transactions commit (<see cref="MailFigures"/>), so asking costs no
    /// query after the first.
    /// </summary>
    public Task<MailStoreStats> GetStatsAsync(CancellationToken cancellationToken = default)
        => MailFigures.Of(_database).GetAsync(_database, cancellationToken);

    /// <summary>How much this machine holds, counted row by row now: what the kept figures must always equal.</summary>
    internal async Task<MailStoreStats> CountStatsAsync(CancellationToken cancellationToken = default)
    {
        await using var batch = await MailBatch.ReadAsync(_database, cancellationToken);
        return await MailFigures.CountAsync(batch, cancellationToken);
    }
}
