using Maildriver.Client.Reader;
using Maildriver.Grains.Server;

namespace Maildriver.Tests.Reader;

/// <summary>
/// Feeds keys and messages to <see cref="ReaderUpdate"/> and keeps the state and every effect asked for: the
/// view-model tests need neither a terminal nor a server.
/// </summary>
internal sealed class ReaderDriver(ReaderState state)
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 21, 9, 30, 0, TimeSpan.Zero);

    public ReaderState State { get; private set; } = state;

    /// <summary>Effects of the last <see cref="Press"/> or <see cref="Send"/>.</summary>
    public List<ReaderEffect> Effects { get; } = [];

    /// <summary>On the login screen, prefilled as the command line would.</summary>
    public static ReaderDriver AtLogin(string? gateways = "127.0.0.1:30003,127.0.0.1:30001", string? user = "john", string? password = "john-pw", TerminalSize? size = null)
        => new(ReaderState.Initial(LoginForm.Prefilled(gateways, user, password), "s", size ?? new TerminalSize(80, 24), T0));

    /// <summary>Logged in as john on MD3 (Master MD1), with <paramref name="letters"/> received.</summary>
    public static ReaderDriver WithLetters(params LetterView[] letters) => WithLetters(new TerminalSize(80, 24), letters);

    /// <remarks>
    /// The key tests were written for a list oldest first, and keep it: the list is turned as <c>o</c> would turn it
    /// before the letters arrive. <see cref="NewestFirst"/> gives the reader's own default order.
    /// </remarks>
    public static ReaderDriver WithLetters(TerminalSize size, params LetterView[] letters) => WithLetters(size, newestFirst: false, letters);

    /// <summary>Logged in as john, the list in the reader's default order (newest first).</summary>
    public static ReaderDriver NewestFirst(params LetterView[] letters) => WithLetters(new TerminalSize(80, 24), newestFirst: true, letters);

    private static ReaderDriver WithLetters(TerminalSize size, bool newestFirst, LetterView[] letters)
    {
        var driver = AtLogin(size: size);
        driver.State = driver.State with { Mailbox = driver.State.Mailbox with { NewestFirst = newestFirst } };
        driver.Send(new ReaderMessage.LoggedIn("john", "MD3", "127.0.0.1:30003"));
        driver.Send(new ReaderMessage.Greeted(new ServerInfo("MD3", "MD1", 1), "127.0.0.1:30003"));
        driver.Send(new ReaderMessage.Received(letters, Partial: false));
        driver.Effects.Clear();
        return driver;
    }

    /// <summary>Three letters from the paper's morning: one to keep, two to delete; the first is read.</summary>
    public static LetterView[] Morning() =>
    [
        Letter("MD1.1", "mary", "Keep me", "A letter worth keeping.", read: true, minutes: 0),
        Letter("MD1.2", "alice", "Spam one", "Buy now.", read: false, minutes: 5),
        Letter("MD2.3", "bob", "Spam two", "Buy again.", read: false, minutes: 10),
    ];

    public static LetterView Letter(string id, string from, string subject, string? body = "Body.", bool read = false, int minutes = 0, params string[] to)
        => new(id, from, to.Length == 0 ? ["john"] : to, subject, T0.AddMinutes(minutes), body, read);

    /// <summary>Presses keys: a char, a <see cref="ConsoleKey"/>, a <see cref="ConsoleKeyInfo"/>, or a string typed char by char.</summary>
    public ReaderDriver Press(params object[] keys)
    {
        Effects.Clear();
        foreach (var key in keys)
        {
            switch (key)
            {
                case string text:
                    foreach (var c in text)
                    {
                        Apply(new ReaderMessage.KeyPressed(Keys.Char(c)));
                    }

                    break;
                case char c:
                    Apply(new ReaderMessage.KeyPressed(Keys.Char(c)));
                    break;
                case ConsoleKey k:
                    Apply(new ReaderMessage.KeyPressed(Keys.Of(k)));
                    break;
                case ConsoleKeyInfo info:
                    Apply(new ReaderMessage.KeyPressed(info));
                    break;
                default:
                    throw new ArgumentException($"not a key: {key}");
            }
        }

        return this;
    }

    public ReaderDriver Send(ReaderMessage message)
    {
        Effects.Clear();
        Apply(message);
        return this;
    }

    public T Single<T>() where T : ReaderEffect => Assert.IsType<T>(Assert.Single(Effects, e => e is T));

    public string? Flash => State.Flash?.Text;

    private void Apply(ReaderMessage message)
    {
        var step = ReaderUpdate.Update(State, message);
        State = step.State;
        Effects.AddRange(step.Effects);
    }
}

/// <summary>Keys as a terminal delivers them through <see cref="Console.ReadKey(bool)"/>.</summary>
internal static class Keys
{
    public static ConsoleKeyInfo Char(char c)
    {
        if (c == '\n')
        {
            return Of(ConsoleKey.Enter);
        }

        var key = c switch
        {
            >= 'a' and <= 'z' => ConsoleKey.A + (c - 'a'),
            >= 'A' and <= 'Z' => ConsoleKey.A + (c - 'A'),
            >= '0' and <= '9' => ConsoleKey.D0 + (c - '0'),
            ' ' => ConsoleKey.Spacebar,
            _ => (ConsoleKey)0,
        };
        return new ConsoleKeyInfo(c, key, shift: char.IsUpper(c), alt: false, control: false);
    }

    public static ConsoleKeyInfo Of(ConsoleKey key, bool shift = false) => new(key switch
    {
        ConsoleKey.Enter => '\r',
        ConsoleKey.Escape => '\u001b',
        ConsoleKey.Tab => '\t',
        ConsoleKey.Backspace => '\u007f',
        ConsoleKey.Spacebar => ' ',
        _ => '\0',
    }, key, shift, alt: false, control: false);

    public static ConsoleKeyInfo Ctrl(char letter) => new((char)(letter - 'a' + 1), ConsoleKey.A + (letter - 'a'), shift: false, alt: false, control: true);

    public static ConsoleKeyInfo ShiftTab => Of(ConsoleKey.Tab, shift: true);
}
