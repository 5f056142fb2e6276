using Maildriver.Grains.Protocol;
using Maildriver.Grains.Storage.Database;

namespace Maildriver.Grains.Storage;

/// <summary>The Master's orders (sections 7.2, 9 and 10), carried out on this replica, a batch per transaction.</summary>
/// <param name="database">The machine's database, with the mail migrations applied.</param>
/// <param name="changes">Told which users' inboxes a committed batch touched.</param>
public sealed class Orders(ISiloDatabase database, InboxChanges changes)
{
    /// <summary>
    /// Applies <paramref name="orders"/> in order, in one transaction, and says what each found and did (its
    /// <see cref="OrderFact"/>, in the order given). Every order is safe to repeat:
    /// <list type="bullet">
    /// <item><see cref="OrderKind.Deliver"/>: nothing is written for a letter already delivered here; a delivery whose every recipient is excluded only applies their deletes; otherwise the letter becomes a valid protoletter.</item>
    /// <item><see cref="OrderKind.MarkValid"/>: the origin's bogus protoletter becomes valid, if it is here.</item>
    /// <item><see cref="OrderKind.Delete"/>: the row goes, a tombstone keeps a repeated delivery from bringing it back, and the body goes with its last reference.</item>
    /// <item><see cref="OrderKind.MarkRead"/>: a letter still in the WorkSpace is delivered already read.</item>
    /// <item><see cref="OrderKind.SetFlags"/>: the flags are set or cleared, on a letter still in the WorkSpace at its delivery; <see cref="LetterFlags.Seen"/> is the read flag, and clearing it there drops an early read.</item>
    /// <item>Users and lists: deleting a user also removes their inbox and the bodies only they referenced.</item>
    /// </list>
    /// What the Master hears ("got it", "finished", missing) is the replica's to decide from these facts.
    /// </summary>
    /// <exception cref="ArgumentException">An order lacks what its kind needs; nothing is applied.</exception>
    public async Task<IReadOnlyList<OrderEffect>> ApplyAsync(IReadOnlyList<Order> orders, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(orders);

        // Checked before the transaction starts: one malformed order must not leave the batch half applied.
        foreach (var order in orders)
        {
            Validate(order);
        }

        var effects = new List<OrderEffect>(orders.Count);
        if (orders.Count == 0)
        {
            return effects;
        }

        await using var batch = await MailBatch.WriteAsync(database, cancellationToken);
        foreach (var order in orders)
        {
            effects.Add(new OrderEffect(order.OpId, order.Kind, await ApplyAsync(batch, order)));
        }

        await batch.CommitAsync();
        changes.Raise(InboxesTouched(orders));
        return effects;
    }

    // The users whose inbox rows on this machine the orders may have changed (a delivery order only makes a
    // protoletter; its inbox rows come with DeliverAsync, which says so itself).
    private static IEnumerable<string> InboxesTouched(IReadOnlyList<Order> orders)
        => orders.SelectMany(o => o.Kind switch
        {
            OrderKind.Delete or OrderKind.MarkRead or OrderKind.SetFlags or OrderKind.DeleteUser => [o.User!],
            OrderKind.Deliver => o.Excluded ?? [],
            _ => (IEnumerable<string>)[],
        });

    private static Task<OrderFact> ApplyAsync(MailBatch batch, Order order) => order.Kind switch
    {
        OrderKind.Deliver => DeliverOrderAsync(batch, order.Letter!, order.Excluded),
        OrderKind.MarkValid => MarkValidAsync(batch, order.LetterId!, order.Uids),
        OrderKind.Delete => DeleteFromInboxAsync(batch, order.User!, order.LetterId!),
        OrderKind.MarkRead => MarkReadAsync(batch, order.User!, order.LetterId!),
        OrderKind.SetFlags => SetFlagsAsync(batch, order.User!, order.LetterId!, order.Flags, order.FlagsOn),
        OrderKind.AddUser => AddUserAsync(batch, order.UserRecord!),
        OrderKind.DeleteUser => DeleteUserAsync(batch, order.User!),
        OrderKind.AddList => AppliedAfter(batch.ExecuteAsync(
            MailSql.UpsertList, ("@name", order.List!.Name), ("@members", MailColumns.FormatNames(order.List.Members)))),
        OrderKind.DeleteList => AppliedAfter(batch.ExecuteAsync(MailSql.DeleteList, ("@name", order.List!.Name))),
        _ => throw new ArgumentOutOfRangeException(nameof(order), order.Kind, null),
    };

    private static async Task<OrderFact> DeliverOrderAsync(MailBatch batch, Letter letter, IReadOnlyList<string>? excluded)
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
            batch.Change.Protoletters -= await batch.ExecuteAsync(MailSql.DeleteProtoletter, ("@id", letter.Header.Id));
            await Letters.ReclaimAsync(batch, letter.Header.Id);
            return OrderFact.DeliveredToNobody;
        }

        if (await Letters.ExistsAsync(batch, letter.Header.Id))
        {
            return OrderFact.AlreadyDelivered;
        }

        // A bogus protoletter of our own becomes valid: the Master has the letter now, and its header the UIDs.
        if (await batch.ExecuteAsync(MailSql.ValidateProtoletter, ("@id", letter.Header.Id)) == 0)
        {
            await WorkSpace.InsertAsync(batch, letter, ProtoletterState.Valid);
        }
        else
        {
            await WorkSpace.InsertRecipientsAsync(batch, letter.Header);
        }

        return OrderFact.NowValid;
    }

    private static async Task<OrderFact> MarkValidAsync(MailBatch batch, string letterId, IReadOnlyList<long>? uids)
    {
        if (await batch.ExecuteAsync(MailSql.ValidateProtoletter, ("@id", letterId)) > 0)
        {
            if (uids is not null)
            {
                // The origin's bogus copy was written before the Master numbered the letter: its recipients get the
                // UIDs now, read from its own header, in the order of its recipients as the Master's header has them.
                var header = await Letters.FindProtoletterHeaderAsync(batch, letterId);
                await WorkSpace.InsertRecipientsAsync(batch, header with { Uids = uids });
            }

            return OrderFact.NowValid;
        }

        if (MailColumns.ToInt64(await batch.ScalarAsync(MailSql.IsProtoletter, ("@id", letterId))) > 0)
        {
            // Valid already: this MarkValid is a repeat.
            return OrderFact.NowValid;
        }

        return await Letters.ExistsAsync(batch, letterId) ? OrderFact.AlreadyDelivered : OrderFact.NotHere;
    }

    private static async Task<OrderFact> DeleteFromInboxAsync(MailBatch batch, string user, string letterId)
    {
        await batch.ExecuteAsync(MailSql.KeepDeletedUid, ("@user", user), ("@id", letterId));
        batch.Change.InboxEntries -= await batch.ExecuteAsync(MailSql.DeleteInboxRow, ("@user", user), ("@id", letterId));
        await batch.ExecuteAsync(MailSql.AddTombstone, ("@id", letterId), ("@user", user));
        await batch.ExecuteAsync(MailSql.DeleteEarlyRead, ("@id", letterId), ("@user", user));
        await batch.ExecuteAsync(MailSql.DeleteEarlyFlags, ("@id", letterId), ("@user", user));
        await Letters.ReclaimAsync(batch, letterId);
        return OrderFact.Applied;
    }

    private static async Task<OrderFact> MarkReadAsync(MailBatch batch, string user, string letterId)
    {
        // The Master sends MarkRead once the letter reached the reader's machine; here it may still be a valid
        // protoletter, and marking nothing would leave this replica's row unread for good.
        if (await batch.ExecuteAsync(MailSql.MarkRead, ("@user", user), ("@id", letterId)) == 0)
        {
            await batch.ExecuteAsync(MailSql.AddEarlyRead, ("@user", user), ("@id", letterId));
        }

        return OrderFact.Applied;
    }

    private static async Task<OrderFact> SetFlagsAsync(MailBatch batch, string user, string letterId, LetterFlags flags, bool on)
    {
        if (flags.HasFlag(LetterFlags.Seen))
        {
            await SetSeenAsync(batch, user, letterId, on);
        }

        // As MarkRead: the letter may still wait in the WorkSpace here, and delivery then starts its row with them.
        var stored = flags & ~LetterFlags.Seen;
        (string, object)[] parameters = [("@user", user), ("@id", letterId), ("@flags", (long)stored), ("@on", on ? 1L : 0L)];
        if (stored != LetterFlags.None && await batch.ExecuteAsync(MailSql.SetFlags, parameters) == 0)
        {
            await batch.ExecuteAsync(MailSql.AddEarlyFlags, parameters);
        }

        return OrderFact.Applied;
    }

    // \Seen is the read column: set, it is a MarkRead; cleared, the row becomes unread, and a letter still waiting in
    // the WorkSpace loses its early read mark, so it is delivered unread.
    private static async Task SetSeenAsync(MailBatch batch, string user, string letterId, bool on)
    {
        if (on)
        {
            await MarkReadAsync(batch, user, letterId);
        }
        else if (await batch.ExecuteAsync(MailSql.MarkUnread, ("@user", user), ("@id", letterId)) == 0)
        {
            await batch.ExecuteAsync(MailSql.DeleteEarlyRead, ("@id", letterId), ("@user", user));
        }
    }

    private static async Task<OrderFact> AddUserAsync(MailBatch batch, MailUser user)
    {
        // The upsert changes one row whether it adds the user or updates one: only a new name counts.
        if (await batch.ScalarAsync(MailSql.GetUser, ("@name", user.Name)) is null)
        {
            batch.Change.Users++;
        }

        // An order of an older build names no UIDVALIDITY: 1, as the migration gave every existing user.
        await batch.ExecuteAsync(
            MailSql.UpsertUser, ("@name", user.Name), ("@passwordHash", user.PasswordHash), ("@isAdmin", MailColumns.FormatFlag(user.IsAdmin)),
            ("@uidValidity", user.UidValidity > 0 ? user.UidValidity : 1L));
        return OrderFact.Applied;
    }

    private static async Task<OrderFact> DeleteUserAsync(MailBatch batch, string user)
    {
        // Bodies first, while the user's inbox rows still say which letters to look at.
        var (reclaimed, bytes) = await batch.ExecuteSummingAsync(MailSql.ReclaimLettersOfUser, ("@user", user));
        batch.Change.Letters -= reclaimed;
        batch.Change.LetterBytes -= bytes;
        batch.Change.InboxEntries -= await batch.ExecuteAsync(MailSql.DeleteInboxOfUser, ("@user", user));
        await batch.ExecuteAsync(MailSql.DeleteEarlyReadsOfUser, ("@user", user));
        await batch.ExecuteAsync(MailSql.DeleteEarlyFlagsOfUser, ("@user", user));
        batch.Change.Users -= await batch.ExecuteAsync(MailSql.DeleteUser, ("@user", user));
        return OrderFact.Applied;
    }

    private static async Task<OrderFact> AppliedAfter(Task<int> statement)
    {
        await statement;
        return OrderFact.Applied;
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
            OrderKind.SetFlags => order.LetterId is not null && order.User is not null
                                  && order.Flags.IsSettable(),
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

        // The Master numbers every letter it orders: a delivery without its recipients' UIDs would be numbered by
        // each machine alone, and machines could differ.
        var uids = order.Kind switch
        {
            OrderKind.Deliver => order.Letter!.Header.Uids is { } u && u.Count == order.Letter.Header.To.Count,
            OrderKind.MarkValid => order.Uids is not null,
            _ => true,
        };
        if (!uids)
        {
            throw new ArgumentException($"Order {order} lacks its recipients' UIDs.", "orders");
        }
    }
}
