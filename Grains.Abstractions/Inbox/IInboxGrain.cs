using Maildriver.Grains.Protocol;

namespace Maildriver.Grains.Inbox;

/// <summary>
/// One user's InBox on one machine, keyed <c>"MD2/alice"</c>. Rows reference the machine's single copy of each
/// letter. Reading it never calls another machine: list and poll are local, as the paper's section 9.2 wants.
/// </summary>
[Alias("Maildriver.IInboxGrain")]
public interface IInboxGrain : IGrainWithStringKey
{
    /// <summary>Every letter in the inbox, oldest first, with or without bodies.</summary>
    [Alias("List")]
    Task<IReadOnlyList<InboxEntry>> List(bool withBodies);

    /// <summary>Whether there is unread mail.</summary>
    [Alias("Poll")]
    Task<bool> Poll();

    /// <summary>One letter with its body, or null if it is not in this inbox.</summary>
    [Alias("Get")]
    Task<InboxEntry?> Get(string letterId);

    /// <summary>Which of <paramref name="letterIds"/> are in this inbox.</summary>
    [Alias("Filter")]
    Task<IReadOnlyList<string>> Filter(IReadOnlyList<string> letterIds);
}
