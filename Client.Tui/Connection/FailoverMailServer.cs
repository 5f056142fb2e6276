using Maildriver.Grains.Server;
using Maildriver.Grains.Protocol;

namespace Maildriver.Client.Connection;

/// <summary>
/// The front door as the client sees it: each call goes through <see cref="FailoverClient.CallAsync{T}"/>. The session
/// token set by the caller (<see cref="MailSessionCalls"/>) is in the request context of every attempt, since the
/// attempts run in the caller's async flow.
/// </summary>
internal sealed class FailoverMailServer(FailoverClient client) : IMailServer
{
    public Task<ServerInfo> Hello() => client.CallAsync(s => s.Hello());

    public Task<LoginResult> Login(string user, string password) => client.CallAsync(s => s.Login(user, password));

    public Task<SendResult> Send(SendRequest request) => client.CallAsync(s => s.Send(request));

    public Task<ReceiveResult> Receive() => client.CallAsync(s => s.Receive());

    public Task<IReadOnlyList<LetterView>> List() => client.CallAsync(s => s.List());

    public Task<PollResult> Poll() => client.CallAsync(s => s.Poll());

    public Task<LetterView> Read(string letterId) => client.CallAsync(s => s.Read(letterId));

    public Task<LetterView> Peek(string letterId) => client.CallAsync(s => s.Peek(letterId));

    public Task<MailboxSnapshot> Examine() => client.CallAsync(s => s.Examine());

    // A ticket is good on the machine that opened the mailbox only: after a failover OpenedLetters is refused, and the
    // caller opens it again.
    public Task<MailboxOpening> Open() => client.CallAsync(s => s.Open());

    public Task<IReadOnlyList<MailboxEntry>> OpenedLetters(Guid ticket) => client.CallAsync(s => s.OpenedLetters(ticket));

    public Task CloseOpened(Guid ticket) => client.CallAsync(async s => { await s.CloseOpened(ticket); return true; });

    public Task<IReadOnlyList<LetterSummary>> Summaries(IReadOnlyList<string> letterIds) => client.CallAsync(s => s.Summaries(letterIds));

    public Task<LetterView> SetFlags(string letterId, LetterFlags flags, bool on) => client.CallAsync(s => s.SetFlags(letterId, flags, on));

    public Task<DeleteResult> Delete(IReadOnlyList<string> letterIds) => client.CallAsync(s => s.Delete(letterIds));

    public Task<bool> Watch(IMailboxObserver observer) => client.CallAsync(s => s.Watch(observer));

    public Task AddUser(string name, string password, bool isAdmin) => client.CallAsync(async s => { await s.AddUser(name, password, isAdmin); return true; });

    public Task DeleteUser(string name) => client.CallAsync(async s => { await s.DeleteUser(name); return true; });

    public Task AddList(string name, IReadOnlyList<string> members) => client.CallAsync(async s => { await s.AddList(name, members); return true; });

    public Task DeleteList(string name) => client.CallAsync(async s => { await s.DeleteList(name); return true; });

    public Task<MasterStatus> ChangeMaster(string machine) => client.CallAsync(s => s.ChangeMaster(machine));

    public Task<MasterStatus> Status() => client.CallAsync(s => s.Status());

    public Task<VerifyReport> Verify() => client.CallAsync(s => s.Verify());
}
