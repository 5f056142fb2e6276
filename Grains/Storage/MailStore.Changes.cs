namespace Maildriver.Grains.Storage;

/// <summary>Word of committed changes to users' inboxes on this machine: what the mailbox push is made from.</summary>
public sealed partial class MailStore
{
    private readonly InboxChanges _inboxChanges = new();

    /// <summary>
    /// Raised after a transaction that added, marked read or removed inbox rows has committed, with the users whose
    /// inboxes it touched (each once). Handlers run on the writer's turn: they must only start work, never wait.
    /// </summary>
    public event Action<IReadOnlyCollection<string>>? InboxesChanged
    {
        add => _inboxChanges.Changed += value;
        remove => _inboxChanges.Changed -= value;
    }
}
