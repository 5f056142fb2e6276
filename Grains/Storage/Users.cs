using System.Data.Common;
using Maildriver.Grains.Protocol;
using Maildriver.Grains.Storage.Database;

namespace Maildriver.Grains.Storage;

/// <summary>The users (with their password hashes) and the mailing lists, replicated to every machine (section 9.3).</summary>
/// <param name="database">The machine's database, with the mail migrations applied.</param>
public sealed class Users(ISiloDatabase database)
{
    /// <summary>The user named <paramref name="name"/>, or null.</summary>
    public async Task<MailUser?> GetUserAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        await using var batch = await MailBatch.ReadAsync(database, cancellationToken);
        await using var reader = await batch.ReaderAsync(MailSql.GetUser, ("@name", name));
        return await reader.ReadAsync(cancellationToken) ? ReadUser(reader) : null;
    }

    /// <summary>Every user, ordered by name.</summary>
    public async Task<IReadOnlyList<MailUser>> GetUsersAsync(CancellationToken cancellationToken = default)
    {
        await using var batch = await MailBatch.ReadAsync(database, cancellationToken);
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
        await using var batch = await MailBatch.ReadAsync(database, cancellationToken);
        return MailColumns.ToInt64(await batch.ScalarAsync(MailSql.CountUsers));
    }

    /// <summary>Those of <paramref name="names"/> that are registered users.</summary>
    public async Task<IReadOnlySet<string>> GetExistingUsersAsync(IEnumerable<string> names, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(names);
        var existing = new HashSet<string>(StringComparer.Ordinal);
        await using var batch = await MailBatch.ReadAsync(database, cancellationToken);
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
        await using var batch = await MailBatch.ReadAsync(database, cancellationToken);
        await using var reader = await batch.ReaderAsync(MailSql.GetList, ("@name", name));
        return await reader.ReadAsync(cancellationToken) ? ReadList(reader) : null;
    }

    /// <summary>Every mailing list, ordered by name.</summary>
    public async Task<IReadOnlyList<MailingList>> GetListsAsync(CancellationToken cancellationToken = default)
    {
        await using var batch = await MailBatch.ReadAsync(database, cancellationToken);
        await using var reader = await batch.ReaderAsync(MailSql.GetLists);
        var lists = new List<MailingList>();
        while (await reader.ReadAsync(cancellationToken))
        {
            lists.Add(ReadList(reader));
        }

        return lists;
    }

    private static MailUser ReadUser(DbDataReader reader)
        => new(reader.GetString(0), reader.GetString(1), MailColumns.ParseFlag(reader.GetValue(2)));

    private static MailingList ReadList(DbDataReader reader)
        => new(reader.GetString(0), MailColumns.ParseNames(reader.GetString(1)));
}
