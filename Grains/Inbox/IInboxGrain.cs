using Maildriver.Grains.Protocol;
using Maildriver.Runtime;

namespace Maildriver.Grains.Inbox;

/// <summary>
/// One user's InBox on one machine, keyed <c>"MD2/alice"</c>. Rows reference the machine's single copy of each
/// letter. Reading it never calls another machine: list and poll are local, as the paper's section 9.2 wants.
/// </summary>
public interface IInboxGrain : IGrainWithStringKey
{
    /// <summary>Every letter in the inbox, oldest first, with or without bodies.</summary>
    Task<IReadOnlyList<InboxEntry>> List(bool withBodies);

    /// <summary>Whether there is unread mail.</summary>
    Task<bool> Poll();

    /// <summary>One letter with its body, or null if it is not in this inbox.</summary>
    Task<InboxEntry?> Get(string letterId);

    /// <summary>Which of <paramref name="letterIds"/> are in this inbox.</summary>
    Task<IReadOnlyList<string>> Filter(IReadOnlyList<string> letterIds);
}
