using Maildriver.Grains.Master;
using Maildriver.Grains.Server;

namespace Maildriver.Client.Connection;

/// <summary>The front door as the client sees it: each call goes through <see cref="FailoverClient.CallAsync{T}"/>.</summary>
internal sealed class FailoverMailServer(FailoverClient client) : IMailServer
{
    public Task<ServerInfo> Hello() => client.CallAsync(s => s.Hello());

    public Task<LoginResult> Login(string user, string password) => client.CallAsync(s => s.Login(user, password));

    public Task<SendResult> Send(string token, SendRequest request) => client.CallAsync(s => s.Send(token, request));

    public Task<ReceiveResult> Receive(string token) => client.CallAsync(s => s.Receive(token));

    public Task<IReadOnlyList<LetterView>> List(string token) => client.CallAsync(s => s.List(token));

    public Task<PollResult> Poll(string token) => client.CallAsync(s => s.Poll(token));

    public Task<LetterView> Read(string token, string letterId) => client.CallAsync(s => s.Read(token, letterId));

    public Task<DeleteResult> Delete(string token, IReadOnlyList<string> letterIds) => client.CallAsync(s => s.Delete(token, letterIds));

    public Task AddUser(string token, string name, string password, bool isAdmin) => client.CallAsync(async s => { await s.AddUser(token, name, password, isAdmin); return true; });

    public Task DeleteUser(string token, string name) => client.CallAsync(async s => { await s.DeleteUser(token, name); return true; });

    public Task AddList(string token, string name, IReadOnlyList<string> members) => client.CallAsync(async s => { await s.AddList(token, name, members); return true; });

    public Task DeleteList(string token, string name) => client.CallAsync(async s => { await s.DeleteList(token, name); return true; });

    public Task<MasterStatus> ChangeMaster(string token, string machine) => client.CallAsync(s => s.ChangeMaster(token, machine));

    public Task<MasterStatus> Status(string token) => client.CallAsync(s => s.Status(token));

    public Task<VerifyReport> Verify(string token) => client.CallAsync(s => s.Verify(token));
}
