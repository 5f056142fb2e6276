namespace Maildriver.Grains.Storage;

/// <summary>Word of committed changes to users' inboxes on this machine: what the mailbox push is made from.</summary>
public sealed partial class MailStore
{
    /// <summary>
    /// Raised after a transaction that added, marked read or removed inbox rows has committed, with the users whose
    /// inboxes it touched (each once). Handlers run on the writer's turn: they must only start work, never wait.
    /// </summary>
    public event Action<IReadOnlyCollection<string>>? InboxesChanged;

    private void RaiseInboxesChanged(IEnumerable<string> users)
    {
        if (InboxesChanged is not { } handlers)
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
