namespace Maildriver.Grains.Server;

/// <summary>Answer to <see cref="IMailServer.Hello"/>.</summary>
/// <param name="Machine">The machine the client reached.</param>
/// <param name="Master">The machine it believes holds mastership.</param>
/// <param name="Epoch">The epoch of that belief.</param>
public sealed record ServerInfo(string Machine, string Master, long Epoch);

/// <summary>A successful login.</summary>
/// <param name="Token">The token to pass with every request.</param>
/// <param name="User">The user name.</param>
/// <param name="IsAdmin">Whether the user is an administrator.</param>
/// <param name="Machine">The machine that issued it.</param>
public sealed record LoginResult(string Token, string User, bool IsAdmin, string Machine);

/// <summary>A letter to send.</summary>
/// <param name="To">Recipients: user names and mailing list names.</param>
/// <param name="Subject">The subject.</param>
/// <param name="Body">The text.</param>
/// <param name="SubmissionId">The client's id for this submission; repeating it never sends a second letter.</param>
public sealed record SendRequest(IReadOnlyList<string> To, string Subject, string Body, string SubmissionId);

/// <summary>An acknowledged send.</summary>
/// <param name="Id">The letter id.</param>
public sealed record SendResult(string Id);

/// <summary>A letter as clients see it (<c>body</c> is null in lists).</summary>
/// <param name="Id">The letter id.</param>
/// <param name="From">The sender.</param>
/// <param name="To">The recipients.</param>
/// <param name="Subject">The subject.</param>
/// <param name="SentAt">When it was accepted.</param>
/// <param name="Body">The text, or null.</param>
/// <param name="Read">Whether the user has read it.</param>
public sealed record LetterView(string Id, string From, IReadOnlyList<string> To, string Subject, DateTimeOffset SentAt, string? Body, bool Read);

/// <summary>The answer to "receive mail".</summary>
/// <param name="Letters">The user's letters, oldest first.</param>
/// <param name="Partial">True when the bounded wait ended with letters still mid-delivery.</param>
public sealed record ReceiveResult(IReadOnlyList<LetterView> Letters, bool Partial);

/// <summary>The answer to "message-polling".</summary>
/// <param name="Mail">Whether unread mail is waiting on the connected machine.</param>
public sealed record PollResult(bool Mail);

/// <summary>The answer to "delete letters".</summary>
/// <param name="Deleted">The ids deleted.</param>
public sealed record DeleteResult(IReadOnlyList<string> Deleted);

/// <summary>The answer to <c>admin verify</c>.</summary>
/// <param name="Consistent">
/// True only when every configured machine was compared and all their digests are equal. A comparison that left a
/// machine out (see <paramref name="Unchecked"/>) is never consistent, even when the machines compared agree.
/// </param>
/// <param name="Machines">The figures of each machine that was compared.</param>
/// <param name="Unchecked">
/// The machines that could not be compared, and why; empty when every machine was. A server older than this field
/// sends none, which reads as empty.
/// </param>
public sealed record VerifyReport(bool Consistent, IReadOnlyList<VerifyMachine> Machines, IReadOnlyList<UncheckedMachine>? Unchecked = null)
{
    /// <summary>The machines that could not be compared, and why; empty when every machine was.</summary>
    public IReadOnlyList<UncheckedMachine> Unchecked { get; init; } = Unchecked ?? [];
}

/// <summary>A machine that <c>admin verify</c> could not compare.</summary>
/// <param name="Name">The machine.</param>
/// <param name="Reason">Why: <c>down</c>, <c>catching up</c>, <c>being rebuilt</c>, <c>unreachable</c> or <c>timed out</c>.</param>
public sealed record UncheckedMachine(string Name, string Reason);

/// <summary>One machine in a verify report.</summary>
/// <param name="Name">The machine.</param>
/// <param name="Letters">Letter bodies stored.</param>
/// <param name="InboxEntries">Inbox rows.</param>
/// <param name="Digest">Its digest.</param>
public sealed record VerifyMachine(string Name, long Letters, long InboxEntries, string Digest);
