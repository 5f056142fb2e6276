using Maildriver.Grains.Protocol;
using Maildriver.Grains.Storage.Database;

namespace Maildriver.Grains.Storage;

/// <summary>The Master's orders (sections 7.2, 9 and 10), carried out on this replica, a batch per transaction.</summary>
public sealed class Orders
{
    private readonly ISiloDatabase _database;

    internal Orders(ISiloDatabase database)
    {
        _database = database;
    }

    /// <summary>
    /// Applies <paramref name="orders"/> in order, in one transaction. Every order is safe to repeat. The result
    /// lists each order's <see cref="Order.OpId"/> under its outcome:
    /// <list type="bullet">
    /// <item><see cref="OrderKind.Deliver"/>: Finished if the letter is already delivered here or every recipient is excluded, else GotIt once it is a valid protoletter.</item>
    /// <item><see cref="OrderKind.MarkValid"/>: GotIt if the protoletter is here (now valid), Finished if the letter is already delivered, else Missing.</item>
    /// <item><see cref="OrderKind.Delete"/>: Finished; the row goes, a tombstone keeps a repeated delivery from bringing it back, and the body goes with its last reference.</item>
    /// <item><see cref="OrderKind.MarkRead"/>: Finished; a letter still in the WorkSpace is delivered already read.</item>
    /// <item>Users and lists: Finished; deleting a user also removes their inbox and the bodies only they referenced.</item>
    /// </list>
    /// </summary>
    /// <exception cref="ArgumentException">An order lacks what its kind needs; nothing is applied.</exception>
    public async Task<ApplyResult> ApplyAsync(IReadOnlyList<Order> orders, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(orders);

        // Checked before the transaction starts: one malformed order must not leave the batch half applied.
        foreach (var order in orders)
        {
            Validate(order);
        }

        var gotIt = new List<string>();
        var finished = new List<string>();
        var missing = new List<string>();
        if (orders.Count == 0)
        {
            return new ApplyResult(gotIt, finished, missing);
        }

        await using var batch = await MailBatch.WriteAsync(_database, cancellationToken);
        foreach (var order in orders)
        {
            var outcome = await ApplyAsync(batch, order);
            (outcome switch
            {
                Outcome.GotIt => gotIt,
                Outcome.Finished => finished,
                _ => missing,
            }).Add(order.OpId);
        }

        await batch.CommitAsync();
        return new ApplyResult(gotIt, finished, missing);
    }

    private static Task<Outcome> ApplyAsync(MailBatch batch, Order order) => order.Kind switch
    {
        OrderKind.Deliver => DeliverOrderAsync(batch, order.Letter!, order.Excluded),
        OrderKind.MarkValid => MarkValidAsync(batch, order.LetterId!),
        OrderKind.Delete => DeleteFromInboxAsync(batch, order.User!, order.LetterId!),
        OrderKind.MarkRead => MarkReadAsync(batch, order.User!, order.LetterId!),
        OrderKind.AddUser => AddUserAsync(batch, order.UserRecord!),
        OrderKind.DeleteUser => DeleteUserAsync(batch, order.User!),
        OrderKind.AddList => FinishedAfter(batch.ExecuteAsync(
            MailSql.UpsertList, ("@name", order.List!.Name), ("@members", MailColumns.FormatNames(order.List.Members)))),
        OrderKind.DeleteList => FinishedAfter(batch.ExecuteAsync(MailSql.DeleteList, ("@name", order.List!.Name))),
        _ => throw new ArgumentOutOfRangeException(nameof(order), order.Kind, null),
    };

    private static async Task<Outcome> DeliverOrderAsync(MailBatch batch, Letter letter, IReadOnlyList<string>? excluded)
    {
        foreach (var user in excluded ?? [])
        {
            await DeleteFromInboxAsync(batch, user, letter.Header.Id);
        }

        if (excluded is not null && letter.Header.To.All(excluded.Contains))
        {
            // A delivery to nobody (every recipient deleted the letter while this machine was dead): the deletes
            // above are all it carries. A copy of our own still in the WorkSpace goes too, or it would be delivered
            // to no one and its body kept for good.
            await batch.ExecuteAsync(MailSql.DeleteProtoletterRecipients, ("@id", letter.Header.Id));
            await batch.ExecuteAsync(MailSql.DeleteProtoletter, ("@id", letter.Header.Id));
            await batch.ExecuteAsync(MailSql.ReclaimLetter, ("@id", letter.Header.Id));
            return Outcome.Finished;
        }

        if (await Letters.ExistsAsync(batch, letter.Header.Id))
        {
            return Outcome.Finished;
        }

        // A bogus protoletter of our own becomes valid: the Master has the letter now.
        if (await batch.ExecuteAsync(MailSql.ValidateProtoletter, ("@id", letter.Header.Id)) == 0)
        {
            await WorkSpace.InsertAsync(batch, letter, ProtoletterState.Valid);
        }

        return Outcome.GotIt;
    }

    private static async Task<Outcome> MarkValidAsync(MailBatch batch, string letterId)
    {
        if (await batch.ExecuteAsync(MailSql.ValidateProtoletter, ("@id", letterId)) > 0)
        {
            return Outcome.GotIt;
        }

        return await Letters.ExistsAsync(batch, letterId) ? Outcome.Finished : Outcome.Missing;
    }

    private static async Task<Outcome> DeleteFromInboxAsync(MailBatch batch, string user, string letterId)
    {
        await batch.ExecuteAsync(MailSql.DeleteInboxRow, ("@user", user), ("@id", letterId));
        await batch.ExecuteAsync(MailSql.AddTombstone, ("@id", letterId), ("@user", user));
        await batch.ExecuteAsync(MailSql.DeleteEarlyRead, ("@id", letterId), ("@user", user));
        await batch.ExecuteAsync(MailSql.ReclaimLetter, ("@id", letterId));
        return Outcome.Finished;
    }

    private static async Task<Outcome> MarkReadAsync(MailBatch batch, string user, string letterId)
    {
        // The Master sends MarkRead once the letter reached the reader's machine; here it may still be a valid
        // protoletter, and marking nothing would leave this replica's row unread for good.
        if (await batch.ExecuteAsync(MailSql.MarkRead, ("@user", user), ("@id", letterId)) == 0)
        {
            await batch.ExecuteAsync(MailSql.AddEarlyRead, ("@user", user), ("@id", letterId));
        }

        return Outcome.Finished;
    }

    private static async Task<Outcome> AddUserAsync(MailBatch batch, MailUser user)
    {
        await batch.ExecuteAsync(
            MailSql.UpsertUser, ("@name", user.Name), ("@passwordHash", user.PasswordHash), ("@isAdmin", MailColumns.FormatFlag(user.IsAdmin)));
        return Outcome.Finished;
    }

    private static async Task<Outcome> DeleteUserAsync(MailBatch batch, string user)
    {
        // Bodies first, while the user's inbox rows still say which letters to look at.
        await batch.ExecuteAsync(MailSql.ReclaimLettersOfUser, ("@user", user));
        await batch.ExecuteAsync(MailSql.DeleteInboxOfUser, ("@user", user));
        await batch.ExecuteAsync(MailSql.DeleteEarlyReadsOfUser, ("@user", user));
        await batch.ExecuteAsync(MailSql.DeleteUser, ("@user", user));
        return Outcome.Finished;
    }

    private static async Task<Outcome> FinishedAfter(Task<int> statement)
    {
        await statement;
        return Outcome.Finished;
    }

    private static void Validate(Order? order)
    {
        ArgumentNullException.ThrowIfNull(order, "orders");
        if (string.IsNullOrEmpty(order.OpId))
        {
            throw new ArgumentException($"Order {order} has no op id.", "orders");
        }

        var complete = order.Kind switch
        {
            OrderKind.Deliver => order.Letter is not null,
            OrderKind.MarkValid => order.LetterId is not null,
            OrderKind.Delete or OrderKind.MarkRead => order.LetterId is not null && order.User is not null,
            OrderKind.AddUser => order.UserRecord is { Name: not null, PasswordHash: not null },
            OrderKind.DeleteUser => order.User is not null,
            OrderKind.AddList => order.List is { Name: not null, Members: not null } && order.List.Members.All(m => m is not null),
            OrderKind.DeleteList => order.List is { Name: not null },
            _ => throw new ArgumentException($"Order {order} has an unknown kind.", "orders"),
        };
        if (!complete)
        {
            throw new ArgumentException($"Order {order} lacks what a {order.Kind} order needs.", "orders");
        }

        if (order.Kind == OrderKind.Deliver)
        {
            MailColumns.Validate(order.Letter, "orders");
        }
    }

    private enum Outcome
    {
        GotIt,
        Finished,
        Missing,
    }
}
