using Maildriver.Grains.Protocol;


namespace Maildriver.Grains.Server;

/// <summary>
/// The client API: the paper's Server process, on every machine's gateway. Being a stateless worker, it runs on
/// the machine the client is connected to, whatever key the client uses. Every request but <see cref="Hello"/> and
/// <see cref="Login"/> carries the login token in Orleans's request context (<see cref="MailSession"/>; the
/// <see cref="MailSessionCalls"/> extensions put it there), and every request is idempotent, so a client may repeat
/// it through another gateway after a failure.
/// </summary>
[Alias("Maildriver.IMailServer")]
public interface IMailServer : IGrainWithStringKey
{
    /// <summary>Which machine this is and who it believes is Master.</summary>
    [Alias("Hello")]
    Task<ServerInfo> Hello();

    /// <summary>Checks a password and returns a token every gateway accepts.</summary>
    [Alias("Login")]
    Task<LoginResult> Login(string user, string password);

    /// <summary>"send letter": acknowledged once the Master and Lieutenant have it.</summary>
    [Alias("Send")]
    Task<SendResult> Send(SendRequest request);

    /// <summary>"receive mail": every letter for the user anywhere in the system, waiting (bounded) on letters mid-delivery.</summary>
    [Alias("Receive")]
    Task<ReceiveResult> Receive();

    /// <summary>"list letters": this machine's inbox only, without bodies.</summary>
    [Alias("List")]
    Task<IReadOnlyList<LetterView>> List();

    /// <summary>"message-polling": whether this machine has unread mail for the user.</summary>
    [Alias("Poll")]
    Task<PollResult> Poll();

    /// <summary>Shows one letter and marks it read on every machine.</summary>
    [Alias("Read")]
    Task<LetterView> Read(string letterId);

    /// <summary>
    /// Shows one letter of the user's inbox here, its message included, without marking it read (IMAP's
    /// <c>BODY.PEEK</c>); a letter not in the user's inbox here is refused.
    /// </summary>
    [Alias("Peek")]
    Task<LetterView> Peek(string letterId);

    /// <summary>
    /// This machine's inbox without bodies, in UID order, with its UIDVALIDITY and next UID: what IMAP's NOOP, IDLE and
    /// STATUS compare with what the session was told (SELECT counts first, <see cref="Open"/>).
    /// </summary>
    [Alias("Examine")]
    Task<MailboxSnapshot> Examine();

    /// <summary>
    /// IMAP's SELECT, quickly: this machine's inbox counted (EXISTS, the first unseen letter, UIDVALIDITY, UIDNEXT) in
    /// a read that goes on to read its letters behind the answer; <see cref="OpenedLetters"/> collects them.
    /// </summary>
    [Alias("Open")]
    Task<MailboxOpening> Open();

    /// <summary>
    /// The letters of the inbox <see cref="Open"/> counted, in UID order, read in the same transaction as its counts,
    /// so exactly <see cref="MailboxOpening.Exists"/> of them. Taken once, on the machine that opened it, by the user
    /// who opened it, within <see cref="OpenedLettersKept"/>; any other ticket is refused.
    /// </summary>
    [Alias("OpenedLetters")]
    Task<IReadOnlyList<MailboxEntry>> OpenedLetters(Guid ticket);

    /// <summary>
    /// Gives up the letters of the inbox <see cref="Open"/> counted under <paramref name="ticket"/> (the client selected
    /// again or left before they were needed): their read stops and its connection is given back. Any other ticket is
    /// let be.
    /// </summary>
    [Alias("CloseOpened")]
    Task CloseOpened(Guid ticket);

    /// <summary>How long letters read for <see cref="Open"/> wait to be collected before they are dropped.</summary>
    static readonly TimeSpan OpenedLettersKept = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The size and header section of each of <paramref name="letterIds"/> in the user's inbox here, read together
    /// (IMAP's FETCH ENVELOPE and RFC822.SIZE of many letters at once); letters not in the inbox are left out, and
    /// at most <see cref="MaxSummaries"/> ids are taken in one call. Marks nothing read.
    /// </summary>
    [Alias("Summaries")]
    Task<IReadOnlyList<LetterSummary>> Summaries(IReadOnlyList<string> letterIds);

    /// <summary>The most letter ids one <see cref="Summaries"/> call takes: a larger request is refused.</summary>
    const int MaxSummaries = 1000;

    /// <summary>
    /// Sets (<paramref name="on"/>) or clears <paramref name="flags"/> (IMAP's <c>\Flagged</c>, <c>\Answered</c>, and
    /// <c>\Seen</c>, the read flag) on one letter of the user's inbox on every machine, acknowledged once the Master
    /// and Lieutenant recorded it, as a read flag is; returns the letter as this machine now shows it. A letter not
    /// in the user's inbox here is refused.
    /// </summary>
    [Alias("SetFlags")]
    Task<LetterView> SetFlags(string letterId, LetterFlags flags, bool on);

    /// <summary>"delete letters": acknowledged once the Master and Lieutenant recorded it.</summary>
    [Alias("Delete")]
    Task<DeleteResult> Delete(IReadOnlyList<string> letterIds);

    /// <summary>
    /// Asks this machine to call <paramref name="observer"/> when the user's inbox here changes. Repeat it to stay
    /// subscribed (a subscription not renewed for two minutes lapses), and again on the new machine after a failover.
    /// </summary>
    /// <returns>
    /// True when this machine already had the subscription (a renewal); false when it is new here, so changes since the
    /// caller last looked may not have been told (the machine restarted, or dropped an observer it could not call).
    /// </returns>
    [Alias("Watch")]
    Task<bool> Watch(IMailboxObserver observer);

    /// <summary>Administrators: registers a user on every machine.</summary>
    [Alias("AddUser")]
    Task AddUser(string name, string password, bool isAdmin);

    /// <summary>Administrators: removes a user and their inbox on every machine.</summary>
    [Alias("DeleteUser")]
    Task DeleteUser(string name);

    /// <summary>Administrators: creates or replaces a mailing list.</summary>
    [Alias("AddList")]
    Task AddList(string name, IReadOnlyList<string> members);

    /// <summary>Administrators: removes a mailing list.</summary>
    [Alias("DeleteList")]
    Task DeleteList(string name);

    /// <summary>Administrators: makes <paramref name="machine"/> the Master (the current one hands over its records and queues).</summary>
    [Alias("ChangeMaster")]
    Task<MasterStatus> ChangeMaster(string machine);

    /// <summary>Administrators: the Master's view of the cluster.</summary>
    [Alias("Status")]
    Task<MasterStatus> Status();

    /// <summary>Administrators: waits for the cluster to be quiet, then compares the live machines' digests.</summary>
    [Alias("Verify")]
    Task<VerifyReport> Verify();
}
