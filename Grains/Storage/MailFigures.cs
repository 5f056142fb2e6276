using System.Runtime.CompilerServices;
using Maildriver.Grains.Storage.Database;

namespace Maildriver.Grains.Storage;

/// <summary>
/// How much a machine's store holds (<see cref="MailStoreStats"/>), kept as it changes rather than counted on every
/// question. Counting means reading every letter's row, bodies and all, for the sum of their sizes: a scan that grows
/// with the store (35-70 ms at 100,000 small letters on a 2-core machine), which open dashboards ran every two seconds
/// on every machine, under load too. So the store is counted once, the first time anyone asks, and every
/// write transaction then says what it added and removed (<see cref="MailFiguresChange"/>), which is applied here
/// once it has committed. A transaction whose commit fails, or that replaces the store wholesale (a snapshot
/// import), makes the next question count again.
/// </summary>
/// <remarks>
/// One per <see cref="ISiloDatabase"/>, the one way this process writes that database: the figures are exact as
/// long as nothing else writes it meanwhile: the migrations (which rewrite letters' sizes, issue 17) run before the
/// silo serves and so before the first count, and nothing else writes the mail tables but through
/// <see cref="MailBatch"/>; a store restored by a tool is opened by a new process, which counts afresh.
/// </remarks>
internal sealed class MailFigures
{
    private static readonly ConditionalWeakTable<ISiloDatabase, MailFigures> ByDatabase = [];

    private readonly Lock _lock = new();
    private MailStoreStats? _current;

    /// <summary>The figures of <paramref name="database"/>, shared by every store and transaction on it.</summary>
    public static MailFigures Of(ISiloDatabase database) => ByDatabase.GetValue(database, _ => new MailFigures());

    /// <summary>
    /// The figures now: those kept, or, the first time or after <see cref="Invalidate"/>, counted in the store while
    /// no transaction of this process can commit (the count holds the write turn), so that every change committed
    /// after it is applied to it exactly once.
    /// </summary>
    public async Task<MailStoreStats> GetAsync(ISiloDatabase database, CancellationToken cancellationToken)
    {
        if (Current is { } kept)
        {
            return kept;
        }

        await using var batch = await MailBatch.WriteAsync(database, cancellationToken);
        if (Current is { } countedMeanwhile)
        {
            return countedMeanwhile;
        }

        var counted = await CountAsync(batch, cancellationToken);
        lock (_lock)
        {
            _current = counted;
        }

        // The batch rolls back on disposal: the count wrote nothing.
        return counted;
    }

    /// <summary>Counts what the store holds, every row: the figures' first value, and what tests check them against.</summary>
    public static async Task<MailStoreStats> CountAsync(MailBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await using var reader = await batch.ReaderAsync(MailSql.Stats);
        await reader.ReadAsync(cancellationToken);
        return new MailStoreStats(
            MailColumns.ToInt64(reader.GetValue(0)),
            MailColumns.ToInt64(reader.GetValue(1)),
            MailColumns.ToInt64(reader.GetValue(2)),
            MailColumns.ToInt64(reader.GetValue(3)),
            MailColumns.ToInt64(reader.GetValue(4)));
    }

    /// <summary>Adds what a transaction changed, once it has committed (while it still holds the write turn).</summary>
    public void Apply(MailFiguresChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_lock)
        {
            if (change.Recount)
            {
                _current = null;
            }
            else if (_current is { } figures && !change.IsEmpty)
            {
                _current = new MailStoreStats(
                    figures.Users + change.Users,
                    figures.Letters + change.Letters,
                    figures.LetterBytes + change.LetterBytes,
                    figures.InboxEntries + change.InboxEntries,
                    figures.Protoletters + change.Protoletters);
            }
        }
    }

    /// <summary>Forgets the figures (a commit whose outcome is unknown): the next question counts the store again.</summary>
    public void Invalidate()
    {
        lock (_lock)
        {
            _current = null;
        }
    }

    private MailStoreStats? Current
    {
        get
        {
            lock (_lock)
            {
                return _current;
            }
        }
    }
}
