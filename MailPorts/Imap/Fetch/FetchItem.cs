namespace Maildriver.MailPorts.Imap.Fetch;

/// <summary>The data items FETCH knows (RFC 3501 section 6.4.5).</summary>
internal enum FetchKind
{
    /// <summary><c>FLAGS</c>.</summary>
    Flags,

    /// <summary><c>UID</c>.</summary>
    Uid,

    /// <summary><c>INTERNALDATE</c>: when the letter was accepted.</summary>
    InternalDate,

    /// <summary><c>RFC822.SIZE</c>: the message's octets.</summary>
    Size,

    /// <summary><c>ENVELOPE</c>.</summary>
    Envelope,

    /// <summary><c>BODYSTRUCTURE</c>, or <c>BODY</c> without a section (no extension data).</summary>
    BodyStructure,

    /// <summary><c>BODY[section]&lt;partial&gt;</c>, <c>BODY.PEEK[…]</c>, <c>RFC822</c>, <c>RFC822.HEADER</c>, <c>RFC822.TEXT</c>.</summary>
    Body,
}

/// <summary>One data item of a FETCH.</summary>
/// <param name="Kind">What it asks for.</param>
/// <param name="Name">How the response names it, e.g. <c>BODY[HEADER]&lt;0&gt;</c> or <c>RFC822.HEADER</c>.</param>
/// <param name="Section">For <see cref="FetchKind.Body"/>, which part of the message.</param>
/// <param name="Peek">Whether it leaves <c>\Seen</c> alone (<c>BODY.PEEK</c>, <c>RFC822.HEADER</c>).</param>
/// <param name="PartialStart">The first octet of a partial fetch (<c>&lt;a.b&gt;</c>), or null for all of it.</param>
/// <param name="PartialCount">How many octets a partial fetch wants.</param>
internal sealed record FetchItem(FetchKind Kind, string Name, BodySection? Section = null, bool Peek = true, long? PartialStart = null, long PartialCount = 0)
{
    /// <summary>
    /// Whether answering it needs the message's text for each letter: only a body section does. RFC822.SIZE is in the
    /// mailbox's list, and ENVELOPE and the structures come rendered, in bulk (<see cref="RenderedItems"/>).
    /// </summary>
    public bool NeedsMessage => Kind == FetchKind.Body;
}
