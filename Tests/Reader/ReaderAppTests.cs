using Maildriver.Client.Connection;
using Maildriver.Client.Reader;
using Maildriver.Grains.Protocol;
using Maildriver.Grains.Server;
using Maildriver.Tests.Support;

namespace Maildriver.Tests.Reader;

/// <summary>
/// The reader's wiring with a fake terminal, a fake cluster and a manual clock: the loop, the background requests,
/// the poll timer, the editor hand-over, and giving the terminal back however the reader ends.
/// </summary>
public sealed class ReaderAppTests
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(5);
    private readonly FakeTerminal _terminal = new();
    private readonly FakeMail _mail = new();
    private readonly ManualTimeProvider _time = new();

    private ReaderApp App(ITextEditor? editor = null)
        => new(_terminal, _mail, editor ?? new FakeEditor(_terminal, string.Empty), new ReaderOptions("127.0.0.1:30003,127.0.0.1:30001", "john", "john-pw", Poll, _time, TimeZoneInfo.Utc));

    private async Task<Task<int>> LoggedInAsync(ReaderApp app, params LetterView[] letters)
    {
        _mail.OnReceive = () => Task.FromResult(new ReceiveResult(letters, false));
        // Gateways, user and password all given: the reader logs in at once, no form.
        var run = app.RunAsync(CancellationToken.None);
        await _terminal.FrameAsync(f => f.Contains($"{letters.Length} letter", StringComparison.Ordinal) && f.Contains("Master MD1", StringComparison.Ordinal), "the list received");
        return run;
    }

    [Fact]
    public async Task ItLogsInShowsTheListAndQGivesTheTerminalBack()
    {
        var run = await LoggedInAsync(App(), ReaderDriver.Morning());

        // Newest first, the cursor on the first unread letter; two unread letters light MAIL from the start.
        var frame = await _terminal.FrameWithAsync(" MAIL | john@MD3 | connected | 3 letters, 2 unread | Master MD1");
        Assert.Contains("> N Nov 21 09:40  bob", frame);

        _terminal.Press('q');
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal("start", _terminal.Events.First());
        Assert.Equal("dispose", _terminal.Events.Last());
    }

    [Fact]
    public async Task WhenThePollFindsNewMailTheMailLightGoesOnAndTheBellRings()
    {
        // The push cannot be set up (an older server, say): the poll is the fallback.
        _mail.OnWatch = () => Task.FromException<bool>(new InvalidOperationException("no push here"));
        var run = await LoggedInAsync(App(), ReaderDriver.Morning());
        var fresh = ReaderDriver.Letter("MD1.9", "mary", "Lunch?", body: null, minutes: 30);
        _mail.OnPoll = () => Task.FromResult(new PollResult(true));
        _mail.OnList = () => Task.FromResult<IReadOnlyList<LetterView>>([.. ReaderDriver.Morning(), fresh]);

        _time.Advance(Poll);

        var frame = await _terminal.FrameWithAsync(" MAIL | john@MD3 | connected | 4 letters, 3 unread");
        Assert.Contains("Lunch?", frame);
        Assert.Contains("New mail from mary: \"Lunch?\"", frame);
        Assert.Equal(1, _terminal.Bells);

        // A second poll that finds nothing new is quiet.
        _time.Advance(Poll);
        _terminal.Press('j');
        await _terminal.FrameAsync(f => !f.Contains("New mail from", StringComparison.Ordinal), "the message gone after a key");
        Assert.Equal(1, _terminal.Bells);
        _terminal.Interrupt();
        await run.WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task TheScreenAnswersKeysWhileARequestWaitsAndShowsTheMoveToAnotherMachine()
    {
        var run = await LoggedInAsync(App(), ReaderDriver.Morning());
        var slow = new TaskCompletionSource<ReceiveResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        _mail.OnReceive = () => slow.Task;

        _terminal.Press('$');
        await _terminal.FrameWithAsync("| receiving…");
        _terminal.Press('G');
        await _terminal.FrameAsync(f => f.Contains(">   Nov 21 09:30  mary", StringComparison.Ordinal), "the cursor moved while the receive waits");

        // The connected machine dies: the client moves on and repeats the receive there.
        _mail.MoveTo("127.0.0.1:30001", "MD1");
        await _terminal.FrameWithAsync("john@MD1 | connected");

        slow.SetResult(new ReceiveResult(ReaderDriver.Morning(), false));
        await _terminal.FrameAsync(f => !f.Contains("receiving", StringComparison.Ordinal), "the receive finished");
        _terminal.Interrupt();
        await run.WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task TheEditorHasTheTerminalToItselfAndTheScreenIsDrawnAfreshAfter()
    {
        var editor = new FakeEditor(_terminal, "Written in the editor.\n");
        var run = await LoggedInAsync(App(editor));

        _terminal.Press('m', "mary", ConsoleKey.Tab, "Minutes", ConsoleKey.Tab, "draft", Keys.Ctrl('e'));
        var frame = await _terminal.FrameWithAsync("Body edited: y sends the letter");

        Assert.Contains("Written in the editor.", frame);
        Assert.Equal("draft", editor.Given);
        Assert.True(editor.HadTheTerminal);
        var events = _terminal.Events.ToList();
        var resumed = events.IndexOf("resume");
        Assert.True(resumed > events.IndexOf("suspend"));
        Assert.Equal("clear-draw", events[resumed + 1]);
        _terminal.Interrupt();
        await run.WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task ASendWhoseOutcomeIsUnknownIsRetriedWithTheSameSubmissionId()
    {
        var run = await LoggedInAsync(App());
        var attempts = 0;
        _mail.OnSend = r => Interlocked.Increment(ref attempts) == 1
            ? throw new Orleans.Runtime.SiloUnavailableException("the connection broke before the response arrived")
            : Task.FromResult(new SendResult("MD1.77"));

        _terminal.Press('m', "mary", ConsoleKey.Tab, "Lunch?", ConsoleKey.Escape, 'y');
        await _terminal.FrameWithAsync("Not confirmed: the connection broke before the response arrived. y to try again");
        _terminal.Press('y');
        await _terminal.FrameWithAsync("Sent \"Lunch?\" to mary (MD1.77).");

        var requests = _mail.Sent.ToList();
        Assert.Equal(2, requests.Count);
        Assert.Equal(requests[0].SubmissionId, requests[1].SubmissionId);
        _terminal.Interrupt();
        await run.WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task ARefusedSendSaysWhyAndNoGatewayMeansUnreachable()
    {
        var run = await LoggedInAsync(App());
        _mail.OnSend = r => throw new RequestRefusedException("unknown recipient 'marry'");

        _terminal.Press('m', "marry", ConsoleKey.Escape, 'y');
        await _terminal.FrameWithAsync("Not sent: unknown recipient 'marry'");

        _mail.OnSend = r => throw new GatewayUnavailableException("no gateway reachable");
        _terminal.Press('y');
        await _terminal.FrameWithAsync("no gateway answers");
        _terminal.Interrupt();
        await run.WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task AResizeRedrawsTheWholeScreenAtTheNewSize()
    {
        var run = await LoggedInAsync(App(), ReaderDriver.Morning());

        _terminal.Resize(new TerminalSize(60, 15));
        var frame = await _terminal.FrameAsync(f => f.Split('\n').Length == 16, "a frame of 15 rows");

        Assert.Contains("john@MD3", frame.Split('\n')[13]);
        Assert.Equal("clear-draw", _terminal.Events.Last(e => e.EndsWith("draw", StringComparison.Ordinal)));
        _terminal.Interrupt();
        await run.WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task CtrlCLeavesFromAnyScreenAndGivesTheTerminalBack()
    {
        var run = await LoggedInAsync(App());
        _terminal.Press('m', "half a letter");

        _terminal.Interrupt();

        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal("dispose", _terminal.Events.Last());
    }

    [Fact]
    public async Task ACrashInsideTheReaderStillGivesTheTerminalBack()
    {
        _terminal.CrashOn = f => f.Contains("Keep me", StringComparison.Ordinal);
        _mail.OnReceive = () => Task.FromResult(new ReceiveResult(ReaderDriver.Morning(), false));
        var run = App().RunAsync(CancellationToken.None);

        await Assert.ThrowsAsync<InvalidOperationException>(() => run.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal("dispose", _terminal.Events.Last());
    }

    [Fact]
    public async Task APushedChangeShowsAtOnceWithoutWaitingForThePoll()
    {
        _mail.OnList = () => Task.FromResult<IReadOnlyList<LetterView>>(ReaderDriver.Morning());
        var app = App();
        var run = await LoggedInAsync(app, ReaderDriver.Morning());
        // The new subscription's first list: what later lists are compared with.
        await WaitFor.ConditionAsync(() => app.State!.Mailbox.Here.Count == 3, because: "the connected machine's list after subscribing");
        var fresh = ReaderDriver.Letter("MD1.9", "mary", "Lunch?", body: null, minutes: 30);
        _mail.OnList = () => Task.FromResult<IReadOnlyList<LetterView>>([.. ReaderDriver.Morning().Skip(1), fresh]);

        // No time passes on the reader's clock: only the machine's word can bring the letter.
        _mail.Push();

        var frame = await _terminal.FrameWithAsync("New mail from mary: \"Lunch?\"");
        Assert.Contains("3 letters, 3 unread", frame);
        Assert.DoesNotContain("Keep me", frame);
        Assert.Equal(1, _terminal.Bells);
        _terminal.Interrupt();
        await run.WaitAsync(TimeSpan.FromSeconds(20));
    }
}
