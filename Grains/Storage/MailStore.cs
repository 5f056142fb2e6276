using System.Data.Common;
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
    }

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

    /// <summary>The user named <paramref name="name"/>, or null.</summary>
    public async Task<MailUser?> GetUserAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        await using var batch = await MailBatch.ReadAsync(_database, cancellationToken);
        await using var reader = await batch.ReaderAsync(MailSql.GetUser, ("@name", name));
        return await reader.ReadAsync(cancellationToken) ? ReadUser(reader) : null;
    }

    /// <summary>Every user, ordered by name.</summary>
    public async Task<IReadOnlyList<MailUser>> GetUsersAsync(CancellationToken cancellationToken = default)
    {
        await using var batch = await MailBatch.ReadAsync(_database, cancellationToken);
        await using var reader = await batch.ReaderAsync(MailSql.GetUsers);
        var users = new List<MailUser>();
        while (await reader.ReadAsync(cancellationToken))
        {
            users.Add(ReadUser(reader));
        }

        return users;
    }

    /// <summary>How many users are registered.</summary>
    public async Task<long> CountUsersAsync(CancellationToken cancellationToken = default)
    {
        await using var batch = await MailBatch.ReadAsync(_database, cancellationToken);
        return MailColumns.ToInt64(await batch.ScalarAsync(MailSql.CountUsers));
    }

    /// <summary>Those of <paramref name="names"/> that are registered users.</summary>
    public async Task<IReadOnlySet<string>> GetExistingUsersAsync(IEnumerable<string> names, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(names);
        var existing = new HashSet<string>(StringComparer.Ordinal);
        await using var batch = await MailBatch.ReadAsync(_database, cancellationToken);
        foreach (var chunk in KeyChunks.Of(names))
        {
            await using var reader = await batch.ReaderAsync(MailSql.ExistingUsers, chunk);
            while (await reader.ReadAsync(cancellationToken))
            {
                existing.Add(reader.GetString(0));
            }
        }

        return existing;
    }

    /// <summary>The mailing list named <paramref name="name"/>, or null.</summary>
    public async Task<MailingList?> GetListAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        await using var batch = await MailBatch.ReadAsync(_database, cancellationToken);
        await using var reader = await batch.ReaderAsync(MailSql.GetList, ("@name", name));
        return await reader.ReadAsync(cancellationToken) ? ReadList(reader) : null;
    }

    /// <summary>Every mailing list, ordered by name.</summary>
    public async Task<IReadOnlyList<MailingList>> GetListsAsync(CancellationToken cancellationToken = default)
    {
        await using var batch = await MailBatch.ReadAsync(_database, cancellationToken);
        await using var reader = await batch.ReaderAsync(MailSql.GetLists);
        var lists = new List<MailingList>();
        while (await reader.ReadAsync(cancellationToken))
        {
            lists.Add(ReadList(reader));
        }

        return lists;
    }

    /// <summary>How much this machine holds, counted in one query.</summary>
    public async Task<MailStoreStats> GetStatsAsync(CancellationToken cancellationToken = default)
    {
        await using var batch = await MailBatch.ReadAsync(_database, cancellationToken);
        await using var reader = await batch.ReaderAsync(MailSql.Stats);
        await reader.ReadAsync(cancellationToken);
        return new MailStoreStats(
            MailColumns.ToInt64(reader.GetValue(0)),
            MailColumns.ToInt64(reader.GetValue(1)),
            MailColumns.ToInt64(reader.GetValue(2)),
            MailColumns.ToInt64(reader.GetValue(3)),
            MailColumns.ToInt64(reader.GetValue(4)));
    }

    private static MailUser ReadUser(DbDataReader reader)
        => new(reader.GetString(0), reader.GetString(1), MailColumns.ParseFlag(reader.GetValue(2)));

    private static MailingList ReadList(DbDataReader reader)
        => new(reader.GetString(0), MailColumns.ParseNames(reader.GetString(1)));
}
