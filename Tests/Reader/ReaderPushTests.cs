using System.Diagnostics;
using Maildriver.Client.Connection;
using Maildriver.Client.Reader;
using Maildriver.Grains.Protocol;
using Maildriver.Grains.Server;
using Maildriver.Tests.Processes;
using Maildriver.Tests.Reader.Tui;
using Maildriver.Tests.Support;

namespace Maildriver.Tests.Reader;

/// <summary>
/// The reader's loop and its real client (<see cref="ClusterMailService"/>) against three real silo processes, the
/// terminal a recording fake: a letter another user sends, a read flag and a delete made in another session reach
/// the open reader within a second through the grain observer, with the poll too slow to be what brought them; and
/// with no push to be had, the poll still brings new mail.
/// </summary>
[Collection(ProcessTestCollection.Name)]
public sealed class ReaderPushTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task NewMailAReadFlagAndADeleteFromElsewhereArePushedToTheOpenReaderWithinASecond()
    {
        await using var cluster = await SiloProcessCluster.StartNewAsync(3);
        await new CliSessionFactory(cluster).AddUsersAsync("john", "mary");
        var gateways = $"{cluster.Gateway("MD1")},{cluster.Gateway("MD2")},{cluster.Gateway("MD3")}";
        var terminal = new FakeTerminal();
        await using var mail = new ClusterMailService(GatewayTrust.System);

        // The poll every ten minutes: within the test only the push can bring anything.
        var reader = new ReaderApp(terminal, mail, new ScriptedEditor(string.Empty), new ReaderOptions(gateways, "john", CliSessionFactory.PasswordOf("john"), TimeSpan.FromMinutes(10), TimeProvider.System, TimeZoneInfo.Utc));
        var run = reader.RunAsync(CancellationToken.None);
        try
        {
            await terminal.FrameWithAsync("No letters.");
            await WaitFor.ConditionAsync(() => reader.State!.Pushed, because: "the subscription in place on the connected machine");

            await using var mary = await LoggedInAsync(gateways, "mary");
            var sent = await mary.SendAsync(new SendRequest(["john"], "Lunch?", "Noon at the Ratty.", "push-test.1"));
            var since = Stopwatch.StartNew();
            var frame = await terminal.FrameWithAsync("New mail from mary: \"Lunch?\"");
            AssertWithinASecond(since, "the new letter");
            Assert.Contains("1 letter, 1 unread", frame);

            // John reads it in another session: the N goes from the open reader.
            await using var elsewhere = await LoggedInAsync(gateways, "john");
            await elsewhere.ReadAsync(sent.Id);
            since.Restart();
            await terminal.FrameWithAsync("1 letter, 0 unread");
            AssertWithinASecond(since, "the read flag");

            // And deletes it there: it leaves the open reader's list.
            await elsewhere.DeleteAsync(sent.Id);
            since.Restart();
            await terminal.FrameWithAsync("No letters.");
            AssertWithinASecond(since, "the delete");
        }
        finally
        {
            terminal.Interrupt();
            await run.WaitAsync(TimeSpan.FromSeconds(20));
        }
    }

    [Fact]
    public async Task WithoutThePushThePollStillBringsNewMail()
    {
        await using var cluster = await SiloProcessCluster.StartNewAsync(3);
        await new CliSessionFactory(cluster).AddUsersAsync("john", "mary");
        var gateways = $"{cluster.Gateway("MD1")},{cluster.Gateway("MD2")},{cluster.Gateway("MD3")}";
        var terminal = new FakeTerminal();
        await using var mail = new UnwatchedMail(new ClusterMailService(GatewayTrust.System));
        var reader = new ReaderApp(terminal, mail, new ScriptedEditor(string.Empty), new ReaderOptions(gateways, "john", CliSessionFactory.PasswordOf("john"), Second, TimeProvider.System, TimeZoneInfo.Utc));
        var run = reader.RunAsync(CancellationToken.None);
        try
        {
            await terminal.FrameWithAsync("No letters.");
            await WaitFor.ConditionAsync(() => mail.Refusals > 0, because: "the subscription refused");
            Assert.False(reader.State!.Pushed);

            await using var mary = await LoggedInAsync(gateways, "mary");
            await mary.SendAsync(new SendRequest(["john"], "Lunch?", "Noon at the Ratty.", "poll-test.1"));
            var frame = await terminal.FrameWithAsync("New mail from mary: \"Lunch?\"");
            Assert.Contains(" MAIL | john@", frame);
        }
        finally
        {
            terminal.Interrupt();
            await run.WaitAsync(TimeSpan.FromSeconds(20));
        }
    }

    private static async Task<ClusterMailService> LoggedInAsync(string gateways, string user)
    {
        var session = new ClusterMailService(GatewayTrust.System);
        await session.LoginAsync(gateways, user, CliSessionFactory.PasswordOf(user));
        return session;
    }

    private static void AssertWithinASecond(Stopwatch since, string what)
        => Assert.True(since.Elapsed <= Second, $"{what} took {since.Elapsed.TotalMilliseconds:0} ms to reach the open reader");

    /// <summary>The real client, but every subscription is refused (as by a machine that cannot call the client back).</summary>
    private sealed class UnwatchedMail(ClusterMailService inner) : IMailService
    {
        private int _refusals;

        public int Refusals => Volatile.Read(ref _refusals);

        public event Action<string, string>? GatewayChanged
        {
            add => inner.GatewayChanged += value;
            remove => inner.GatewayChanged -= value;
        }

        public string? CurrentGateway => inner.CurrentGateway;

        public Task<LoginResult> LoginAsync(string gateways, string user, string password) => inner.LoginAsync(gateways, user, password);

        public Task<ServerInfo> HelloAsync() => inner.HelloAsync();

        public Task<IReadOnlyDictionary<string, string>> LearnMachinesAsync() => inner.LearnMachinesAsync();

        public Task<ReceiveResult> ReceiveAsync() => inner.ReceiveAsync();

        public Task<PollResult> PollAsync() => inner.PollAsync();

        public Task<IReadOnlyList<LetterView>> ListAsync() => inner.ListAsync();

        public Task<LetterView> ReadAsync(string letterId) => inner.ReadAsync(letterId);

        public Task<SendResult> SendAsync(SendRequest request) => inner.SendAsync(request);

        public Task<DeleteResult> DeleteAsync(string letterId) => inner.DeleteAsync(letterId);

        public Task<bool> WatchAsync(Action changed)
        {
            Interlocked.Increment(ref _refusals);
            return Task.FromException<bool>(new RequestRefusedException("no observers here"));
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
