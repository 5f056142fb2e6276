using System.Collections.Concurrent;
using Maildriver.Client.Reader;
using Maildriver.Grains.Server;
using Xunit.Sdk;

namespace Maildriver.Tests.Reader;

/// <summary>A terminal that records frames as text and lets a test press keys, resize, and interrupt.</summary>
internal sealed class FakeTerminal : IReaderTerminal
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly Lock _lock = new();
    private readonly List<(Func<string, bool> Condition, TaskCompletionSource<string> Done)> _waiters = [];
    private Action<ConsoleKeyInfo> _onKey = _ => { };
    private Action _onResize = () => { };
    private Action _onInterrupt = () => { };
    private string _last = string.Empty;

    public TerminalSize Size { get; set; } = new(80, 24);

    /// <summary>What happened, in order: start, draw, clear-draw, bell, suspend, resume, dispose.</summary>
    public ConcurrentQueue<string> Events { get; } = new();

    /// <summary>Throws from <see cref="Draw"/> for a frame it holds true of: a crash inside the reader.</summary>
    public Func<string, bool>? CrashOn { get; set; }

    public int Bells => Events.Count(e => e == "bell");

    public void Start(Action<ConsoleKeyInfo> onKey, Action onResize, Action onInterrupt, Action<int, bool> onPoint)
    {
        (_onKey, _onResize, _onInterrupt) = (onKey, onResize, onInterrupt);
        Events.Enqueue("start");
    }

    public void Draw(ReaderState state, ScreenFrame frame, bool clear)
    {
        var text = frame.ToPlainText();
        Assert.Equal(Size.Height, frame.Rows.Count);
        if (CrashOn?.Invoke(text) == true)
        {
            throw new InvalidOperationException("a bug in the reader");
        }

        Events.Enqueue(clear ? "clear-draw" : "draw");
        lock (_lock)
        {
            _last = text;
            foreach (var waiter in _waiters.Where(w => w.Condition(text)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Done.TrySetResult(text);
            }
        }
    }

    public void Bell() => Events.Enqueue("bell");

    public void Suspend() => Events.Enqueue("suspend");

    public void Resume() => Events.Enqueue("resume");

    public void Dispose() => Events.Enqueue("dispose");

    public FakeTerminal Press(params object[] keys)
    {
        foreach (var key in keys)
        {
            switch (key)
            {
                case string text:
                    foreach (var c in text)
                    {
                        _onKey(Keys.Char(c));
                    }

                    break;
                case char c:
                    _onKey(Keys.Char(c));
                    break;
                case ConsoleKey k:
                    _onKey(Keys.Of(k));
                    break;
                case ConsoleKeyInfo info:
                    _onKey(info);
                    break;
            }
        }

        return this;
    }

    public void Resize(TerminalSize size)
    {
        Size = size;
        _onResize();
    }

    public void Interrupt() => _onInterrupt();

    /// <summary>The first frame (the last one drawn, or one still to come) that <paramref name="condition"/> holds for.</summary>
    public async Task<string> FrameAsync(Func<string, bool> condition, string because)
    {
        var done = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (condition(_last))
            {
                return _last;
            }

            _waiters.Add((condition, done));
        }

        try
        {
            return await done.Task.WaitAsync(Timeout);
        }
        catch (TimeoutException)
        {
            lock (_lock)
            {
                throw new XunitException($"no frame showed {because} within {Timeout.TotalSeconds} s; the last was:\n{_last}");
            }
        }
    }

    public Task<string> FrameWithAsync(string text) => FrameAsync(f => f.Contains(text, StringComparison.Ordinal), $"\"{text}\"");
}

/// <summary>A cluster whose answers each test chooses; it records what it was asked.</summary>
internal sealed class FakeMail : IMailService
{
    public event Action<string, string>? GatewayChanged;

    public string? CurrentGateway { get; set; } = "127.0.0.1:30003";

    public string Machine { get; set; } = "MD3";

    public Func<Task<ReceiveResult>> OnReceive { get; set; } = () => Task.FromResult(new ReceiveResult([], false));

    public Func<Task<PollResult>> OnPoll { get; set; } = () => Task.FromResult(new PollResult(false));

    public Func<Task<IReadOnlyList<LetterView>>> OnList { get; set; } = () => Task.FromResult<IReadOnlyList<LetterView>>([]);

    public Func<SendRequest, Task<SendResult>> OnSend { get; set; } = r => Task.FromResult(new SendResult("MD3.1"));

    public ConcurrentQueue<SendRequest> Sent { get; } = new();

    public Task<LoginResult> LoginAsync(string gateways, string user, string password)
        => Task.FromResult(new LoginResult("token", user, false, Machine));

    public Task<ServerInfo> HelloAsync() => Task.FromResult(new ServerInfo(Machine, "MD1", 1));

    public Task<IReadOnlyDictionary<string, string>> LearnMachinesAsync()
        => Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string> { ["127.0.0.1:30003"] = "MD3", ["127.0.0.1:30001"] = "MD1" });

    public Task<ReceiveResult> ReceiveAsync() => OnReceive();

    public Task<PollResult> PollAsync() => OnPoll();

    public Task<IReadOnlyList<LetterView>> ListAsync() => OnList();

    public Func<string, Task<LetterView>> OnRead { get; set; } = id => throw new NotSupportedException($"no letter {id} in this test");

    public ConcurrentQueue<string> Deleted { get; } = new();

    public Task<LetterView> ReadAsync(string letterId) => OnRead(letterId);

    public Task<SendResult> SendAsync(SendRequest request)
    {
        Sent.Enqueue(request);
        return OnSend(request);
    }

    public Task<DeleteResult> DeleteAsync(string letterId)
    {
        Deleted.Enqueue(letterId);
        return Task.FromResult(new DeleteResult([letterId]));
    }

    /// <summary>What the cluster client does when the connected machine dies: moves on and says so.</summary>
    public void MoveTo(string gateway, string machine)
    {
        var from = CurrentGateway ?? string.Empty;
        (CurrentGateway, Machine) = (gateway, machine);
        GatewayChanged?.Invoke(from, gateway);
    }

    public Func<Task<bool>> OnWatch { get; set; } = () => Task.FromResult(false);

    private Action _changed = () => { };

    public Task<bool> WatchAsync(Action changed)
    {
        _changed = changed;
        return OnWatch();
    }

    /// <summary>The connected machine says the inbox changed, as its observer call would.</summary>
    public void Push() => _changed();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>An editor that notes whether it had the terminal to itself and returns a chosen text.</summary>
internal sealed class FakeEditor(FakeTerminal terminal, string result) : ITextEditor
{
    public string? Given { get; private set; }

    public bool HadTheTerminal { get; private set; }

    public Task<string> EditAsync(string text, CancellationToken cancellation)
    {
        Given = text;
        HadTheTerminal = terminal.Events.LastOrDefault() == "suspend";
        return Task.FromResult(result);
    }
}
