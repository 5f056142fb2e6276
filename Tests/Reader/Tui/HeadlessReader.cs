using Maildriver.Client.Reader;
using Maildriver.Client.Reader.Tui;
using Maildriver.Grains.Server;
using Maildriver.Tests.Support;
using Terminal.Gui.App;
using Terminal.Gui.Input;
using Terminal.Gui.Testing;
using Terminal.Gui.Time;

namespace Maildriver.Tests.Reader.Tui;

/// <summary>
/// The real reader (<see cref="ReaderApp"/> over <see cref="TuiTerminal"/> and Terminal.Gui's views) on a headless
/// Terminal.Gui application: virtual time, the ANSI driver, a set screen size, keys injected as a terminal would
/// send them, and the screen read back as text with <c>Driver.ToString()</c>. Only the cluster is a fake.
/// </summary>
internal sealed class HeadlessReader : IAsyncDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(5);
    private readonly Task<int> _run;

    private HeadlessReader(int width, int height, ITextEditor? editor, FakeMail mail)
    {
        App = Application.Create(new VirtualTimeProvider());
        KeepingContext(() => App.Init("ansi"));
        App.Driver!.SetScreenSize(width, height);
        Terminal = TuiTerminal.Headless(App, TimeZoneInfo.Utc);
        Mail = mail;
        Reader = new ReaderApp(Terminal, Mail, editor ?? new ScriptedEditor(string.Empty), new ReaderOptions("127.0.0.1:30003,127.0.0.1:30001", "john", "john-pw", Poll, Clock, TimeZoneInfo.Utc));
        _run = Reader.RunAsync(CancellationToken.None);
    }

    public IApplication App { get; }

    public TuiTerminal Terminal { get; }

    public FakeMail Mail { get; }

    public ManualTimeProvider Clock { get; } = new();

    public ReaderApp Reader { get; }

    public Task<int> Run => _run;

    /// <summary>A reader logged in as john with <paramref name="letters"/> in the mailbox, the list on screen.</summary>
    public static async Task<HeadlessReader> LoggedInAsync(int width, int height, LetterView[] letters, ITextEditor? editor = null)
    {
        var mail = new FakeMail { OnReceive = () => Task.FromResult(new ReceiveResult(letters, false)) };
        mail.OnRead = id => Task.FromResult(letters.Single(l => l.Id == id) with { Read = true });
        var reader = new HeadlessReader(width, height, editor, mail);
        await reader.ScreenAsync(s => s.Contains($"{letters.Length} letter", StringComparison.Ordinal) && s.Contains("Master MD1", StringComparison.Ordinal), "the list received");
        return reader;
    }

    /// <summary>Presses keys: a <see cref="Key"/>, a char, or a string typed char by char.</summary>
    public HeadlessReader Press(params object[] keys)
    {
        foreach (var key in keys)
        {
            switch (key)
            {
                case Key k:
                    Inject(k);
                    break;
                case char c:
                    Inject(new Key(c));
                    break;
                case string text:
                    foreach (var c in text)
                    {
                        Inject(new Key(c));
                    }

                    break;
                default:
                    throw new ArgumentException($"not a key: {key}", nameof(keys));
            }
        }

        return this;
    }

    /// <summary>The terminal changes size, as a resize of the window would.</summary>
    public void Resize(int width, int height) => Terminal.WithApp(app => app.Driver!.SetScreenSize(width, height));

    public void Click(int column, int row, bool twice = false)
        => Terminal.WithApp(app => app.InjectMouse(new Mouse { ScreenPosition = new System.Drawing.Point(column, row), Flags = twice ? MouseFlags.LeftButtonDoubleClicked : MouseFlags.LeftButtonClicked }));

    public string Screen => Terminal.ScreenText();

    private void Inject(Key key) => Terminal.WithApp(app => app.InjectKey(key));

    /// <summary>Waits until the screen shows what <paramref name="condition"/> looks for; returns that screen.</summary>
    public async Task<string> ScreenAsync(Func<string, bool> condition, string because)
    {
        var seen = string.Empty;
        try
        {
            await WaitFor.ConditionAsync(() => condition(seen = Screen), TimeSpan.FromSeconds(20), because);
        }
        catch (TimeoutException ex)
        {
            var state = Reader.State;
            var reader = $"; the reader's state: {state?.Screen}, busy {state?.Login.Busy}, user {state?.User}, letters {state?.Mailbox.Letters.Count}" + (_run.IsFaulted ? $"; the reader failed: {_run.Exception}" : _run.IsCompleted ? "; the reader had ended" : string.Empty);
            throw new TimeoutException($"{ex.Message}{reader}; the screen was:\n{seen}", ex);
        }

        return seen;
    }

    public Task<string> ScreenWithAsync(string text) => ScreenAsync(s => s.Contains(text, StringComparison.Ordinal), $"\"{text}\"");

    /// <summary>The row of the screen that contains <paramref name="text"/>.</summary>
    public string RowWith(string text) => Screen.Split('\n').First(r => r.Contains(text, StringComparison.Ordinal)).TrimEnd();

    public async ValueTask DisposeAsync()
    {
        if (!_run.IsCompleted)
        {
            Press(Key.C.WithCtrl);
            await _run.WaitAsync(TimeSpan.FromSeconds(20));
        }

        KeepingContext(App.Dispose);
    }

    // Init installs Terminal.Gui's main-loop synchronization context on the calling thread and Dispose clears the
    // calling thread's: headless no loop runs to take what is posted to it, and the test's thread keeps its own.
    private static void KeepingContext(Action action)
    {
        var context = SynchronizationContext.Current;
        try
        {
            action();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }
    }
}

/// <summary>An editor that returns a chosen text and remembers what it was given.</summary>
internal sealed class ScriptedEditor(string result) : ITextEditor
{
    public string? Given { get; private set; }

    public Task<string> EditAsync(string text, CancellationToken cancellation)
    {
        Given = text;
        return Task.FromResult(result);
    }
}
