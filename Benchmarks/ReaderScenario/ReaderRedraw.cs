using System.Diagnostics;
using Maildriver.Benchmarks.Reporting;
using Maildriver.Client.Reader;
using Maildriver.Client.Reader.Tui;
using Maildriver.Grains.Server;
using Terminal.Gui.App;
using Terminal.Gui.Time;

namespace Maildriver.Benchmarks.ReaderScenario;

/// <summary>
/// A key press with <see cref="ReaderBenchmarkOptions.RedrawLetters"/> letters in the inbox, headless: the view-model's
/// update, the frame rendered from the new state, and Terminal.Gui's views filled from it, laid out and drawn on the
/// ANSI driver (a virtual 80×24 screen) — what the reader does between a key arriving and the screen written.
/// </summary>
internal static class ReaderRedraw
{
    private const string Scenario = "reader/redraw";
    private const double TargetMilliseconds = 16;
    private static readonly TerminalSize Size = new(80, 24);

    public static void Run(ReaderBenchmarkOptions options, BenchmarkReport report)
    {
        report.Progress.WriteLine($"{Scenario}: {options.RedrawKeys} key presses (after as many untimed) with {options.RedrawLetters:N0} letters, headless 80x24");
        var app = Application.Create(new VirtualTimeProvider());
        var context = SynchronizationContext.Current;
        try
        {
            app.Init("ansi");
            // Init leaves Terminal.Gui's main-loop context on this thread; no loop runs here to take what is posted to it.
            SynchronizationContext.SetSynchronizationContext(context);
            app.Driver!.SetScreenSize(Size.Width, Size.Height);
            var screen = new ReaderScreen(TimeZoneInfo.Utc, (_, _) => { });
            var session = app.Begin(screen) ?? throw new InvalidOperationException("Terminal.Gui did not begin the screen");
            var view = new ReaderView(TimeZoneInfo.Utc);
            var state = LoggedIn(options.RedrawLetters);
            screen.Show(state, view.Render(state));
            app.LayoutAndDraw(true);

            var keys = KeyCycle().ToArray();
            var times = new List<double>(options.RedrawKeys);
            for (var i = 0; i < 2 * options.RedrawKeys; i++)
            {
                var started = Stopwatch.GetTimestamp();
                state = ReaderUpdate.Update(state, new ReaderMessage.KeyPressed(keys[i % keys.Length])).State;
                screen.Show(state, view.Render(state));
                app.LayoutAndDraw(false);
                if (i >= options.RedrawKeys)
                {
                    times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }

            app.End(session);
            screen.Dispose();
            times.Sort();
            var note = $"headless Terminal.Gui (ANSI driver, virtual time) at 80x24, {options.RedrawLetters:N0} letters; per key: ReaderUpdate, ReaderView.Render, ReaderScreen.Show, LayoutAndDraw; "
                       + "keys cycled: j, k, PageDown, PageUp, G, g, o (both orders), Enter (the pane) and q, / with a filter typed and Esc";
            report.Add(new Measurement(Scenario, "key press to screen drawn, median", Percentile(times, 0.5), "ms", Note: note));
            report.Add(new Measurement(Scenario, "key press to screen drawn, p99", Percentile(times, 0.99), "ms", Target.AtMost(TargetMilliseconds), note));
            report.Add(new Measurement(Scenario, "key press to screen drawn, slowest", times[^1], "ms", Note: note));
        }
        finally
        {
            app.Dispose();
            SynchronizationContext.SetSynchronizationContext(context);
        }
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static ReaderState LoggedIn(int letters)
    {
        var t0 = new DateTimeOffset(2026, 11, 21, 9, 30, 0, TimeSpan.Zero);
        var state = ReaderState.Initial(LoginForm.Prefilled("127.0.0.1:30001", "bench", "bench-pw"), "bench", Size, t0);
        state = ReaderUpdate.Update(state, new ReaderMessage.LoggedIn("bench", "MD1", "127.0.0.1:30001")).State;
        state = ReaderUpdate.Update(state, new ReaderMessage.Greeted(new ServerInfo("MD1", "MD1", 1), "127.0.0.1:30001")).State;
        var inbox = Enumerable.Range(0, letters)
            .Select(i => new LetterView($"MD1.{i}", $"sender{i % 97}", ["bench"], $"Letter number {i} about {(i % 3 == 0 ? "lunch" : "the budget")}", t0.AddMinutes(i), $"Body of letter {i}.\nSecond line.", Read: i % 4 != 0))
            .ToList();
        return ReaderUpdate.Update(state, new ReaderMessage.Received(inbox, Partial: false)).State;
    }

    private static IEnumerable<ConsoleKeyInfo> KeyCycle()
    {
        static ConsoleKeyInfo Char(char c) => new(c, c is >= 'a' and <= 'z' ? ConsoleKey.A + (c - 'a') : c == 'G' ? ConsoleKey.G : 0, shift: c == 'G', alt: false, control: false);
        static ConsoleKeyInfo Key(ConsoleKey key, char c = '\0') => new(c, key, shift: false, alt: false, control: false);
        for (var i = 0; i < 20; i++)
        {
            yield return Char('j');
        }

        yield return Key(ConsoleKey.PageDown);
        yield return Key(ConsoleKey.PageDown);
        yield return Char('k');
        yield return Key(ConsoleKey.PageUp);
        yield return Char('G');
        yield return Char('k');
        yield return Char('g');
        yield return Char('o');
        yield return Char('j');
        yield return Char('o');
        yield return Key(ConsoleKey.Enter, '\r');
        yield return Char('j');
        yield return Char('q');
        yield return Char('/');
        foreach (var c in "lunch")
        {
            yield return Char(c);
        }

        yield return Char('j');
        yield return Key(ConsoleKey.Escape, '\u001b');
    }
}
