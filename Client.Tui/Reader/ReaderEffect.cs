using Maildriver.Grains.Mime;
using Maildriver.Grains.Server;

namespace Maildriver.Client.Reader;

/// <summary>
/// Work <see cref="ReaderUpdate"/> asks for and <see cref="ReaderApp"/> carries out. Requests run in the
/// background and come back as messages, so the screen never waits on the network.
/// </summary>
internal abstract record ReaderEffect
{
    /// <summary>Connect through <paramref name="Gateways"/> and log in.</summary>
    public sealed record Login(string Gateways, string User, string Password) : ReaderEffect;

    /// <summary>Ask the connected machine its name and who is Master.</summary>
    public sealed record Greet : ReaderEffect;

    /// <summary>Ask every gateway of the list directly for its machine's name (for "reconnecting to MD2…").</summary>
    public sealed record LearnMachines : ReaderEffect;

    /// <summary>"receive mail": every letter of the user, with bodies.</summary>
    public sealed record Receive : ReaderEffect;

    /// <summary>"message-polling", then the machine's list if it has unread mail.</summary>
    public sealed record Poll : ReaderEffect;

    /// <summary>Subscribe to the inbox on the connected machine, or renew the subscription.</summary>
    public sealed record Watch : ReaderEffect;

    /// <summary>The connected machine's list, after it said the inbox changed.</summary>
    public sealed record Sync : ReaderEffect;

    /// <summary>Fetch a letter and mark it read.</summary>
    public sealed record Read(string LetterId) : ReaderEffect;

    /// <summary>Send a letter; the request's submission id is the draft's, the same on every attempt.</summary>
    public sealed record Send(SendRequest Request) : ReaderEffect;

    public sealed record Delete(string LetterId) : ReaderEffect;

    /// <summary>Write attachment <paramref name="Number"/> of a letter to <paramref name="Path"/> (a file, not the network).</summary>
    public sealed record SaveAttachment(string LetterId, byte[] Message, IReadOnlyList<LetterAttachment> Attachments, int Number, string Path) : ReaderEffect;

    /// <summary>Leave the full screen, edit <paramref name="Text"/> in $VISUAL/$EDITOR, come back.</summary>
    public sealed record RunEditor(string Text) : ReaderEffect;

    /// <summary>Ring the terminal bell.</summary>
    public sealed record Bell : ReaderEffect;

    /// <summary>Clear the terminal and draw everything again (Ctrl-L).</summary>
    public sealed record Redraw : ReaderEffect;

    /// <summary>Leave the reader.</summary>
    public sealed record Quit : ReaderEffect;
}
