using Maildriver.Grains.Protocol;


namespace Maildriver.Grains.Server;

/// <summary>
/// The front door's requests on behalf of a login session: each puts <c>token</c> in the request context
/// (<see cref="MailSession"/>) and makes the call. They read as the calls they wrap, token first, as the paper's
/// requests do.
/// </summary>
public static class MailSessionCalls
{
    /// <summary>"send letter": acknowledged once the Master and Lieutenant have it.</summary>
    public static Task<SendResult> Send(this IMailServer server, string token, SendRequest request) => MailSession.CallAsync(token, () => server.Send(request));

    /// <summary>"receive mail": every letter for the user anywhere in the system, waiting (bounded) on letters mid-delivery.</summary>
    public static Task<ReceiveResult> Receive(this IMailServer server, string token) => MailSession.CallAsync(token, () => server.Receive());

    /// <summary>"list letters": this machine's inbox only, without bodies.</summary>
    public static Task<IReadOnlyList<LetterView>> List(this IMailServer server, string token) => MailSession.CallAsync(token, () => server.List());

    /// <summary>"message-polling": whether this machine has unread mail for the user.</summary>
    public static Task<PollResult> Poll(this IMailServer server, string token) => MailSession.CallAsync(token, () => server.Poll());

    /// <summary>Shows one letter and marks it read on every machine.</summary>
    public static Task<LetterView> Read(this IMailServer server, string token, string letterId) => MailSession.CallAsync(token, () => server.Read(letterId));

    /// <summary>Shows one letter with its message without marking it read.</summary>
    public static Task<LetterView> Peek(this IMailServer server, string token, string letterId) => MailSession.CallAsync(token, () => server.Peek(letterId));

    /// <summary>This machine's inbox in UID order with its UIDVALIDITY and next UID.</summary>
    public static Task<MailboxSnapshot> Examine(this IMailServer server, string token) => MailSession.CallAsync(token, () => server.Examine());

    /// <summary>IMAP's SELECT: this machine's inbox counted, its letters read behind the answer.</summary>
    public static Task<MailboxOpening> Open(this IMailServer server, string token) => MailSession.CallAsync(token, () => server.Open());

    /// <summary>The letters of the inbox <see cref="Open(IMailServer, string)"/> counted under <paramref name="ticket"/>.</summary>
    public static Task<IReadOnlyList<MailboxEntry>> OpenedLetters(this IMailServer server, string token, Guid ticket)
        => MailSession.CallAsync(token, () => server.OpenedLetters(ticket));

    /// <summary>Gives up the letters of the inbox opened under <paramref name="ticket"/>.</summary>
    public static Task CloseOpened(this IMailServer server, string token, Guid ticket) => MailSession.CallAsync(token, () => server.CloseOpened(ticket));

    /// <summary>The size and header section of each of these letters in the user's inbox here, in one call.</summary>
    public static Task<IReadOnlyList<LetterSummary>> Summaries(this IMailServer server, string token, IReadOnlyList<string> letterIds)
        => MailSession.CallAsync(token, () => server.Summaries(letterIds));

    /// <summary>Sets or clears \Flagged, \Answered and \Seen on one letter on every machine.</summary>
    public static Task<LetterView> SetFlags(this IMailServer server, string token, string letterId, LetterFlags flags, bool on)
        => MailSession.CallAsync(token, () => server.SetFlags(letterId, flags, on));

    /// <summary>"delete letters": acknowledged once the Master and Lieutenant recorded it.</summary>
    public static Task<DeleteResult> Delete(this IMailServer server, string token, IReadOnlyList<string> letterIds) => MailSession.CallAsync(token, () => server.Delete(letterIds));

    /// <summary>Subscribes <paramref name="observer"/> to the user's inbox on the machine called; true when it renewed a subscription there.</summary>
    public static Task<bool> Watch(this IMailServer server, string token, IMailboxObserver observer) => MailSession.CallAsync(token, () => server.Watch(observer));

    /// <summary>Administrators: registers a user on every machine.</summary>
    public static Task AddUser(this IMailServer server, string token, string name, string password, bool isAdmin) => MailSession.CallAsync(token, () => server.AddUser(name, password, isAdmin));

    /// <summary>Administrators: removes a user and their inbox on every machine.</summary>
    public static Task DeleteUser(this IMailServer server, string token, string name) => MailSession.CallAsync(token, () => server.DeleteUser(name));

    /// <summary>Administrators: creates or replaces a mailing list.</summary>
    public static Task AddList(this IMailServer server, string token, string name, IReadOnlyList<string> members) => MailSession.CallAsync(token, () => server.AddList(name, members));

    /// <summary>Administrators: removes a mailing list.</summary>
    public static Task DeleteList(this IMailServer server, string token, string name) => MailSession.CallAsync(token, () => server.DeleteList(name));

    /// <summary>Administrators: makes <paramref name="machine"/> the Master (the current one hands over its records and queues).</summary>
    public static Task<MasterStatus> ChangeMaster(this IMailServer server, string token, string machine) => MailSession.CallAsync(token, () => server.ChangeMaster(machine));

    /// <summary>Administrators: the Master's view of the cluster.</summary>
    public static Task<MasterStatus> Status(this IMailServer server, string token) => MailSession.CallAsync(token, () => server.Status());

    /// <summary>Administrators: waits for the cluster to be quiet, then compares the live machines' digests.</summary>
    public static Task<VerifyReport> Verify(this IMailServer server, string token) => MailSession.CallAsync(token, () => server.Verify());
}
