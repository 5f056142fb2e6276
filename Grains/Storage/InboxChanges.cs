namespace Maildriver.Grains.Storage;

/// <summary>
/// Word of committed changes to users' inboxes on this machine, what the mailbox push is made from: the parts of the
/// store that write inbox rows (<see cref="WorkSpace"/>'s delivery, <see cref="Orders"/>) say which users they touched.
/// </summary>
public sealed class InboxChanges
{
    /// <summary>
    /// Raised after a transaction that added, marked read or removed inbox rows has committed, with the users whose
    /// inboxes it touched (each once). Handlers run on the writer's turn: they must only start work, never wait.
    /// </summary>
    public event Action<IReadOnlyCollection<string>>? Changed;

    /// <summary>Tells the handlers that the inboxes of <paramref name="users"/> changed; nothing when there are none.</summary>
    public void Raise(IEnumerable<string> users)
    {
        if (Changed is not { } handlers)
        {
            return;
        }

        var distinct = users.Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count > 0)
        {
            handlers(distinct);
        }
    }
}
