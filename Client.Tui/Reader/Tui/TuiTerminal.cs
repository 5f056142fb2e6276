using System.Runtime.InteropServices;
using Terminal.Gui.App;
using Terminal.Gui.Input;

namespace Maildriver.Client.Reader.Tui;

/// <summary>
/// The reader's terminal on Terminal.Gui 2.5: an <see cref="IApplication"/> running <see cref="ReaderScreen"/> on a
/// thread of its own, fed each new state with <see cref="IApplication.Invoke(Action)"/>. Keys are taken before any
/// view sees them (the list's type-ahead would eat <c>q</c>) and go to the view-model's key tables; mouse clicks on
/// the list come back as rows. The terminal is given back as it was on quit, on Ctrl-C, on SIGTERM/SIGHUP, on a
/// crash, and while $EDITOR runs: the application is disposed then and a new one is made afterwards.
/// </summary>
/// <remarks>
/// Headless (<see cref="Headless"/>), nothing runs a loop: the test's thread injects keys, and each frame is laid out
/// and drawn at once, under a lock the test reads the screen under too.
/// </remarks>
internal sealed class TuiTerminal : IReaderTerminal
{
    // What the emergency exit writes when the reader is stuck and a second signal ends the process: main screen,
    // cursor shown, mouse reporting off, colours reset.
    private const string EmergencyRestore = "\u001b[?1000l\u001b[?1002l\u001b[?1003l\u001b[?1006l\u001b[0m\u001b[?25h\u001b[?1049l";

    private readonly Func<IApplication> _create;
    private readonly bool _ownLoop;
    private readonly TimeZoneInfo _zone;
    private readonly Lock _lock = new();
    private readonly List<PosixSignalRegistration> _signals = [];
    private readonly ManualResetEventSlim _loopEnded = new(false);
    private volatile IApplication? _app;
    private volatile ReaderScreen? _screen;
    private Thread? _loop;
    private SessionToken? _session;
    private Action<ConsoleKeyInfo> _onKey = _ => { };
    private Action _onResize = () => { };
    private Action _onInterrupt = () => { };
    private Action<int, bool> _onPoint = (_, _) => { };
    private int _interrupts;

    private TuiTerminal(Func<IApplication> create, bool ownLoop, TimeZoneInfo zone)
    {
        (_create, _ownLoop, _zone) = (create, ownLoop, zone);
    }

    /// <summary>An exception that ended Terminal.Gui's loop, said once the terminal is back.</summary>
    public Exception? Crash { get; private set; }

    /// <summary>Bells rung (headless, where there is no terminal to ring).</summary>
    public int Bells { get; private set; }

    /// <summary>The running application (tests inject keys into it and read its screen).</summary>
    public IApplication? App => _app;

    /// <summary>The real terminal, through the platform's default driver.</summary>
    public static TuiTerminal ForConsole(TimeZoneInfo zone) => new(() => Application.Create().Init(), ownLoop: true, zone);

    /// <summary>Over an application the test made (virtual time, the ANSI driver, a set screen size); no loop runs.</summary>
    public static TuiTerminal Headless(IApplication app, TimeZoneInfo zone) => new(() => app, ownLoop: false, zone);

    public TerminalSize Size
    {
        get
        {
            if (_app?.Screen is { Width: > 0, Height: > 0 } screen)
            {
                return new TerminalSize(screen.Width, screen.Height);
            }

            try
            {
                return Console.WindowWidth > 0 && Console.WindowHeight > 0 ? new TerminalSize(Console.WindowWidth, Console.WindowHeight) : TerminalSize.Default;
            }
            catch (IOException)
            {
                return TerminalSize.Default;
            }
        }
    }

    public void Start(Action<ConsoleKeyInfo> onKey, Action onResize, Action onInterrupt, Action<int, bool> onPoint)
    {
        (_onKey, _onResize, _onInterrupt, _onPoint) = (onKey, onResize, onInterrupt, onPoint);
        if (_ownLoop)
        {
            foreach (var signal in (PosixSignal[])[PosixSignal.SIGTERM, PosixSignal.SIGHUP, PosixSignal.SIGQUIT])
            {
                TryRegister(signal);
            }

            AppDomain.CurrentDomain.UnhandledException += OnUnhandledException;
        }

        Open();
    }

    public void Draw(ReaderState state, ScreenFrame frame, bool clear)
    {
        if (_app is not { } app || _screen is not { } screen)
        {
            return;
        }

        if (!_ownLoop)
        {
            lock (_lock)
            {
                screen.Show(state, frame);
                app.LayoutAndDraw(clear);
            }

            return;
        }

        app.Invoke(() =>
        {
            app.ClearScreenNextIteration |= clear;
            screen.Show(state, frame);
        });
    }

    /// <summary>
    /// Runs <paramref name="action"/> on the headless application under the lock frames are drawn under: a test's
    /// resize or injected key never lands in the middle of a frame.
    /// </summary>
    public void WithApp(Action<IApplication> action)
    {
        lock (_lock)
        {
            if (_app is { } app)
            {
                action(app);
            }
        }
    }

    /// <summary>The screen as text, one line per row (headless; what the tests read).</summary>
    public string ScreenText()
    {
        lock (_lock)
        {
            return _app?.Driver?.ToString() ?? string.Empty;
        }
    }

    public void Bell()
    {
        if (_ownLoop && _app is { } app)
        {
            app.Invoke(() => app.Driver?.WriteRaw("\a"));
        }
        else
        {
            Bells++;
        }
    }

    /// <summary>Whether the terminal is handed over (to $EDITOR) now.</summary>
    public bool Suspended { get; private set; }

    public void Suspend()
    {
        Suspended = true;

        // Headless there is no terminal to hand over: the test's editor runs while the views stay.
        if (_ownLoop)
        {
            Close();
        }
    }

    public void Resume()
    {
        if (_ownLoop)
        {
            Open();
        }

        Suspended = false;
    }

    public void Dispose()
    {
        foreach (var registration in _signals)
        {
            registration.Dispose();
        }

        _signals.Clear();
        AppDomain.CurrentDomain.UnhandledException -= OnUnhandledException;
        Close();
    }

    private void Open()
    {
        if (!_ownLoop)
        {
            var app = _create();
            var screen = NewScreen(app);
            _session = app.Begin(screen);
            return;
        }

        using var running = new ManualResetEventSlim(false);
        _loopEnded.Reset();
        _loop = new Thread(() => RunLoop(running)) { Name = "maildriver-screen", IsBackground = true };
        _loop.Start();

        // Frames sent before the loop runs would wait in its queue anyway; waiting keeps Suspend/Resume in order.
        WaitHandle.WaitAny([running.WaitHandle, _loopEnded.WaitHandle], TimeSpan.FromSeconds(10));
    }

    private ReaderScreen NewScreen(IApplication app)
    {
        var screen = new ReaderScreen(_zone, (row, open) => _onPoint(row, open));
        app.Keyboard.KeyDown += OnKeyDown;
        app.ScreenChanged += OnScreenChanged;
        (_app, _screen) = (app, screen);
        return screen;
    }

    // The application is made and initialised on the thread that runs its loop: Init takes the calling thread as
    // Terminal.Gui's main thread (Invoke from it runs at once, from any other it queues) and installs the main loop's
    // synchronization context there. Made on the reader's thread, Invoke would draw beside the loop, not in it.
    private void RunLoop(ManualResetEventSlim running)
    {
        IApplication? app = null;
        ReaderScreen? screen = null;
        try
        {
            app = _create();
            screen = NewScreen(app);
            screen.IsRunningChanged += (_, e) =>
            {
                if (e.Value)
                {
                    running.Set();
                }
            };
            app.Run(screen, ex =>
            {
                Crash ??= ex;
                return false;
            });
        }
        catch (Exception ex)
        {
            Crash ??= ex;
        }
        finally
        {
            // Disposing the application is what gives the terminal back (main screen, cooked mode, cursor, mouse off).
            if (app is not null)
            {
                app.Keyboard.KeyDown -= OnKeyDown;
                app.ScreenChanged -= OnScreenChanged;
                screen?.Dispose();
                app.Dispose();
            }

            _loopEnded.Set();
            if (Crash is not null)
            {
                _onInterrupt();
            }
        }
    }

    private void Close()
    {
        var (app, screen) = (_app, _screen);
        (_app, _screen) = (null, null);
        if (app is null || screen is null)
        {
            return;
        }

        if (!_ownLoop)
        {
            lock (_lock)
            {
                app.Keyboard.KeyDown -= OnKeyDown;
                app.ScreenChanged -= OnScreenChanged;
                if (_session is { } session)
                {
                    app.End(session);
                }
            }

            return;
        }

        if (_loop is { } loop && loop != Thread.CurrentThread)
        {
            if (!_loopEnded.IsSet)
            {
                app.Invoke(() => app.RequestStop());
            }

            loop.Join(TimeSpan.FromSeconds(5));
        }
    }

    private void OnKeyDown(object? sender, Key key)
    {
        key.Handled = true;
        if (TuiKeys.IsInterrupt(key))
        {
            _onInterrupt();
            return;
        }

        foreach (var console in TuiKeys.ToConsole(key))
        {
            _onKey(console);
        }
    }

    private void OnScreenChanged(object? sender, EventArgs<System.Drawing.Rectangle> e) => _onResize();

    private void TryRegister(PosixSignal signal)
    {
        try
        {
            _signals.Add(PosixSignalRegistration.Create(signal, context => context.Cancel = Interrupt()));
        }
        catch (Exception ex) when (ex is PlatformNotSupportedException or IOException)
        {
            // Not on this platform: Ctrl-C (a key here) still leaves.
        }
    }

    // The first signal asks the reader to leave in order; a second (the reader is stuck) gives the terminal back at
    // once and lets the signal end the process.
    private bool Interrupt()
    {
        if (Interlocked.Increment(ref _interrupts) == 1)
        {
            _onInterrupt();
            return true;
        }

        Console.Out.Write(EmergencyRestore);
        Console.Out.Flush();
        return false;
    }

    private void OnUnhandledException(object? sender, UnhandledExceptionEventArgs e)
    {
        Console.Out.Write(EmergencyRestore);
        Console.Out.Flush();
    }
}
