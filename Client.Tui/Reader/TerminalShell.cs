using System.Runtime.InteropServices;

namespace Maildriver.Client.Reader;

/// <summary>
/// The real terminal: the alternate screen, keys read raw on a thread of their own, frames written in one go, and
/// the terminal left as it was found — on quit, on Ctrl-C, on SIGTERM/SIGHUP, and on a crash.
/// </summary>
/// <remarks>
/// Keys are read only when <see cref="Console.KeyAvailable"/> says one is waiting, never by a blocked
/// <see cref="Console.ReadKey(bool)"/>: a read left pending while an editor runs would steal the editor's first
/// key. Size changes come from SIGWINCH (signal 28 on Linux and macOS; <see cref="PosixSignalRegistration"/> takes
/// raw numbers) and, where that cannot be registered, from looking at the size a few times a second.
/// </remarks>
internal sealed class TerminalShell : IReaderTerminal
{
    private const int SigWinch = 28;
    private static readonly TimeSpan KeyPollInterval = TimeSpan.FromMilliseconds(15);
    private static readonly TimeSpan SizePollInterval = TimeSpan.FromMilliseconds(250);

    private readonly AnsiFrameWriter _writer = new();
    private readonly Lock _outputLock = new();
    // A monitor, not a Lock: the key thread waits on it (Monitor.Wait) while an editor has the terminal.
    private readonly object _inputGate = new();
    private readonly ManualResetEventSlim _stopped = new(false);
    private readonly List<PosixSignalRegistration> _signals = [];
    private readonly TimeProvider _time;
    private readonly Stream _stdout;
    private Thread? _inputThread;
    private ITimer? _sizePoll;
    private Action<ConsoleKeyInfo> _onKey = _ => { };
    private Action _onResize = () => { };
    private Action _onInterrupt = () => { };
    private TerminalSize _lastSize;
    private bool _paused;
    private bool _fullScreen;
    private int _interrupts;

    public TerminalShell(TimeProvider time)
    {
        _time = time;
        _stdout = Console.OpenStandardOutput();
    }

    public TerminalSize Size
    {
        get
        {
            try
            {
                var (w, h) = (Console.WindowWidth, Console.WindowHeight);
                return w > 0 && h > 0 ? new TerminalSize(w, h) : TerminalSize.Default;
            }
            catch (IOException)
            {
                return TerminalSize.Default;
            }
        }
    }

    public void Start(Action<ConsoleKeyInfo> onKey, Action onResize, Action onInterrupt)
    {
        _onKey = onKey;
        _onResize = onResize;
        _onInterrupt = onInterrupt;

        // Ctrl-C stays a signal (not a key), so it works the same on every screen and even if the loop is stuck.
        Console.TreatControlCAsInput = false;
        Console.CancelKeyPress += OnCancelKeyPress;
        AppDomain.CurrentDomain.UnhandledException += OnUnhandledException;
        foreach (var signal in (PosixSignal[])[PosixSignal.SIGTERM, PosixSignal.SIGHUP, PosixSignal.SIGQUIT])
        {
            TryRegister(signal, OnTerminationSignal);
        }

        var winch = TryRegister((PosixSignal)SigWinch, _ => _onResize());
        _lastSize = Size;
        if (!winch)
        {
            _sizePoll = _time.CreateTimer(_ => PollSize(), null, SizePollInterval, SizePollInterval);
        }

        EnterFullScreen();
        _inputThread = new Thread(ReadKeys) { IsBackground = true, Name = "maildriver-keys" };
        _inputThread.Start();
    }

    public void Draw(ScreenFrame frame, bool clear) => Write(_writer.Render(frame, clear));

    public void Bell() => Write("\a");

    public void Suspend()
    {
        lock (_inputGate)
        {
            // Holding the gate means the key thread is not between KeyAvailable and ReadKey: from here, nothing reads.
            _paused = true;
        }

        LeaveFullScreen();
    }

    public void Resume()
    {
        EnterFullScreen();
        lock (_inputGate)
        {
            _paused = false;
            Monitor.PulseAll(_inputGate);
        }
    }

    public void Dispose()
    {
        _stopped.Set();
        lock (_inputGate)
        {
            Monitor.PulseAll(_inputGate);
        }

        if (_inputThread is not null && _inputThread != Thread.CurrentThread)
        {
            _inputThread.Join(TimeSpan.FromSeconds(1));
        }

        _sizePoll?.Dispose();
        foreach (var registration in _signals)
        {
            registration.Dispose();
        }

        Console.CancelKeyPress -= OnCancelKeyPress;
        AppDomain.CurrentDomain.UnhandledException -= OnUnhandledException;
        LeaveFullScreen();
    }

    private void ReadKeys()
    {
        while (!_stopped.IsSet)
        {
            ConsoleKeyInfo? key = null;
            lock (_inputGate)
            {
                while (_paused && !_stopped.IsSet)
                {
                    Monitor.Wait(_inputGate);
                }

                if (_stopped.IsSet)
                {
                    return;
                }

                try
                {
                    if (Console.KeyAvailable)
                    {
                        key = Console.ReadKey(intercept: true);
                    }
                }
                catch (Exception ex) when (ex is IOException or InvalidOperationException)
                {
                    // The terminal went away (SIGHUP follows): nothing more to read.
                    return;
                }
            }

            if (key is { } k)
            {
                _onKey(k);
            }
            else
            {
                _stopped.Wait(KeyPollInterval);
            }
        }
    }

    private void PollSize()
    {
        var size = Size;
        if (size != _lastSize)
        {
            _lastSize = size;
            _onResize();
        }
    }

    private bool TryRegister(PosixSignal signal, Action<PosixSignalContext> handler)
    {
        try
        {
            _signals.Add(PosixSignalRegistration.Create(signal, handler));
            return true;
        }
        catch (Exception ex) when (ex is PlatformNotSupportedException or IOException or ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e) => e.Cancel = Interrupt();

    private void OnTerminationSignal(PosixSignalContext context) => context.Cancel = Interrupt();

    // The first interrupt asks the reader to leave in an orderly way; a second one (the reader is stuck) gives the
    // terminal back at once and lets the signal end the process.
    private bool Interrupt()
    {
        if (Interlocked.Increment(ref _interrupts) == 1)
        {
            _onInterrupt();
            return true;
        }

        LeaveFullScreen();
        return false;
    }

    private void OnUnhandledException(object? sender, UnhandledExceptionEventArgs e) => LeaveFullScreen();

    private void EnterFullScreen()
    {
        lock (_outputLock)
        {
            _fullScreen = true;
            WriteLocked(AnsiFrameWriter.EnterFullScreen);
        }
    }

    private void LeaveFullScreen()
    {
        lock (_outputLock)
        {
            if (_fullScreen)
            {
                _fullScreen = false;
                WriteLocked(AnsiFrameWriter.Restore);
            }
        }
    }

    private void Write(string text)
    {
        lock (_outputLock)
        {
            // Nothing is drawn on the main screen: a frame arriving while an editor runs would scribble over it.
            if (_fullScreen)
            {
                WriteLocked(text);
            }
        }
    }

    private void WriteLocked(string text)
    {
        try
        {
            var bytes = AnsiFrameWriter.Encoding.GetBytes(text);
            _stdout.Write(bytes);
            _stdout.Flush();
        }
        catch (IOException)
        {
            // The terminal is gone (hung up); there is nobody left to show anything to.
        }
    }
}
