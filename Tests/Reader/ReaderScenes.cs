using Maildriver.Client.Reader;
using Maildriver.Grains.Server;

namespace Maildriver.Tests.Reader;

/// <summary>The screens the snapshot tests draw, each reached by the keys a user would press.</summary>
internal static class ReaderScenes
{
    public static IReadOnlyList<(string Name, ReaderState State)> All(TerminalSize size) =>
    [
        ("login", ReaderDriver.AtLogin(size: size).State),
        ("index", Inbox(size).State),
        ("pager", Inbox(size).Press(ConsoleKey.Enter).Send(new ReaderMessage.LetterRead(Letters()[1] with { Read = true })).State),
        ("delete-question", Inbox(size).Press('d').State),
        ("search", Inbox(size).Press('/', "lunch").State),
        ("compose", Inbox(size).Press('r', "See you there.").State),
        ("review", Inbox(size).Press('m', "mary", ConsoleKey.Tab, "Minutes", ConsoleKey.Tab, "1. Lunch\n2. [b]Budget[/b]", ConsoleKey.Escape).State),
        ("sending", Inbox(size).Press('m', "mary", ConsoleKey.Tab, "Minutes", ConsoleKey.Escape, 'y').Send(new ReaderMessage.Tick(ReaderDriver.T0.AddSeconds(3))).State),
        ("mail-while-reconnecting", Inbox(size)
            .Send(new ReaderMessage.MachinesLearned(new Dictionary<string, string> { ["127.0.0.1:30001"] = "MD1" }))
            .Send(new ReaderMessage.Polled(true, [.. Letters(), ReaderDriver.Letter("MD1.7", "mary", "Re: Lunch at the Ratty?", body: null, minutes: 95)]))
            .Send(new ReaderMessage.GatewayChanging("127.0.0.1:30003", "127.0.0.1:30001")).State),
        ("help", Inbox(size).Press('?').State),
    ];

    public static ReaderDriver Inbox(TerminalSize size) => ReaderDriver.WithLetters(size, Letters());

    // A [red] subject and an ESC in a body: user text is drawn as typed, never as markup or as terminal codes.
    public static LetterView[] Letters() =>
    [
        ReaderDriver.Letter("MD1.1", "mary", "Lunch at the Ratty?", "Noon on Thursday?\n\n-- Mary", read: true),
        ReaderDriver.Letter("MD2.2", "registrar", "[red]Grades are posted[/]", "Your grades for the fall term are posted.\nSee \u001b[31mthe registrar\u001b[0m's page.\tThank you.", minutes: 65),
        ReaderDriver.Letter("MD3.3", "a-very-long-sender-name", "A subject long enough that it has to be cut to fit on one row of the list", "Short.", minutes: 1500),
    ];
}
