using Maildriver.Grains.Server;

namespace Maildriver.Client.Reader;

/// <summary>Something that happened: a key, a tick, an answer from the cluster. The only input of <see cref="ReaderUpdate"/>.</summary>
internal abstract record ReaderMessage
{
    /// <summary>A key from the terminal.</summary>
    public sealed record KeyPressed(ConsoleKeyInfo Key) : ReaderMessage;

    /// <summary>The mouse picked row <paramref name="Row"/> of the list; a double click opens the letter.</summary>
    public sealed record Pointed(int Row, bool Open) : ReaderMessage;

    /// <summary>The terminal changed size.</summary>
    public sealed record Resized(TerminalSize Size) : ReaderMessage;

    /// <summary>A second passed (drives elapsed times).</summary>
    public sealed record Tick(DateTimeOffset Now) : ReaderMessage;

    /// <summary>Time for the background poll.</summary>
    public sealed record PollDue : ReaderMessage;

    /// <summary>Ctrl-C or a termination signal: leave at once.</summary>
    public sealed record Interrupted : ReaderMessage;

    /// <summary>The login worked.</summary>
    public sealed record LoggedIn(string User, string Machine, string Gateway) : ReaderMessage;

    public sealed record LoginFailed(Failure Failure) : ReaderMessage;

    /// <summary>A Hello answered through <paramref name="Gateway"/>.</summary>
    public sealed record Greeted(ServerInfo Info, string Gateway) : ReaderMessage;

    public sealed record GreetFailed(Failure Failure) : ReaderMessage;

    /// <summary>Other machines' names, learned by asking each gateway of the list directly.</summary>
    public sealed record MachinesLearned(IReadOnlyDictionary<string, string> Machines) : ReaderMessage;

    /// <summary>The client gave up on a gateway and is repeating the request on the next one.</summary>
    public sealed record GatewayChanging(string From, string To) : ReaderMessage;

    /// <summary>A full receive answered.</summary>
    public sealed record Received(IReadOnlyList<LetterView> Letters, bool Partial) : ReaderMessage;

    public sealed record ReceiveFailed(Failure Failure) : ReaderMessage;

    /// <summary>A background poll answered; <paramref name="Letters"/> is the machine's list when it has unread mail.</summary>
    public sealed record Polled(bool Mail, IReadOnlyList<LetterView>? Letters) : ReaderMessage;

    public sealed record PollFailed(Failure Failure) : ReaderMessage;

    /// <summary>The inbox subscription is in place on the connected machine; <paramref name="Renewed"/>: it was there already.</summary>
    public sealed record Watching(bool Renewed) : ReaderMessage;

    public sealed record WatchFailed(Failure Failure) : ReaderMessage;

    /// <summary>The connected machine says the inbox changed (pushed through the grain observer).</summary>
    public sealed record MailboxChanged : ReaderMessage;

    /// <summary>The connected machine's list, asked for after a push.</summary>
    public sealed record Synced(IReadOnlyList<LetterView> Letters) : ReaderMessage;

    public sealed record SyncFailed(Failure Failure) : ReaderMessage;

    /// <summary>A letter was read (and so marked read everywhere).</summary>
    public sealed record LetterRead(LetterView Letter) : ReaderMessage;

    public sealed record ReadFailed(string LetterId, Failure Failure) : ReaderMessage;

    /// <summary>The send of submission <paramref name="SubmissionId"/> was acknowledged.</summary>
    public sealed record Sent(string SubmissionId, string LetterId) : ReaderMessage;

    public sealed record SendFailed(string SubmissionId, Failure Failure) : ReaderMessage;

    public sealed record Deleted(string LetterId) : ReaderMessage;

    public sealed record DeleteFailed(string LetterId, Failure Failure) : ReaderMessage;

    /// <summary>The external editor exited; <paramref name="Text"/> is the file's new content.</summary>
    public sealed record EditorClosed(string Text) : ReaderMessage;

    public sealed record EditorFailed(string Reason) : ReaderMessage;

    /// <summary>An attachment was saved; <paramref name="Text"/> says what and where.</summary>
    public sealed record AttachmentSaved(string Text) : ReaderMessage;

    /// <summary>An attachment was not saved (nothing written); <paramref name="Reason"/> says why.</summary>
    public sealed record AttachmentNotSaved(string Reason) : ReaderMessage;
}
