using Maildriver.MailPorts.Imap.Syntax;

namespace Maildriver.MailPorts.Imap.Store;

/// <summary>How STORE changes the flags (RFC 3501 section 6.4.6).</summary>
internal enum StoreMode
{
    /// <summary><c>FLAGS</c>: the flags become exactly these.</summary>
    Replace,

    /// <summary><c>+FLAGS</c>: these are added.</summary>
    Add,

    /// <summary><c>-FLAGS</c>: these are removed.</summary>
    Remove,
}

/// <summary>The flags Maildriver keeps (RFC 3501 section 2.3.2): the replicated three and the session's <c>\Deleted</c>.</summary>
[Flags]
internal enum ImapFlags
{
    /// <summary>None.</summary>
    None = 0,

    /// <summary><c>\Seen</c>: the replicated read flag.</summary>
    Seen = 1,

    /// <summary><c>\Flagged</c>, replicated.</summary>
    Flagged = 2,

    /// <summary><c>\Answered</c>, replicated.</summary>
    Answered = 4,

    /// <summary><c>\Deleted</c>, kept by the session until EXPUNGE.</summary>
    Deleted = 8,
}

/// <summary>A parsed STORE: which messages, how, which flags, and whether to answer with the new flags.</summary>
internal sealed record StoreRequest(SequenceSet Set, StoreMode Mode, ImapFlags Flags, bool Silent)
{
    /// <summary>
    /// Parses STORE's arguments. A flag Maildriver does not keep (<c>\Draft</c>, <c>\Recent</c>, keywords) is
    /// refused with <see cref="ImapNoException"/> rather than dropped: the client would believe it stored.
    /// </summary>
    public static StoreRequest Parse(ImapParser parser)
    {
        ArgumentNullException.ThrowIfNull(parser);
        parser.Space();
        var set = parser.ReadSequenceSet();
        parser.Space();
        var item = parser.ReadAtom().ToUpperInvariant();
        var (mode, silent) = item switch
        {
            "FLAGS" => (StoreMode.Replace, false),
            "FLAGS.SILENT" => (StoreMode.Replace, true),
            "+FLAGS" => (StoreMode.Add, false),
            "+FLAGS.SILENT" => (StoreMode.Add, true),
            "-FLAGS" => (StoreMode.Remove, false),
            "-FLAGS.SILENT" => (StoreMode.Remove, true),
            _ => throw new ImapSyntaxException($"unknown STORE item '{item}'"),
        };
        parser.Space();
        var flags = ImapFlags.None;
        var listed = parser.TryTake('(');
        if (!listed || parser.Peek != ')')
        {
            do
            {
                flags |= FlagOf(parser.ReadWord());
            }
            while (parser.TryTake(' '));
        }

        if (listed)
        {
            parser.Expect(')');
        }

        parser.ExpectEnd();
        return new StoreRequest(set, mode, flags, silent);
    }

    /// <summary>The flags a message ends with when it had <paramref name="current"/>.</summary>
    public ImapFlags Apply(ImapFlags current) => Mode switch
    {
        StoreMode.Replace => Flags,
        StoreMode.Add => current | Flags,
        _ => current & ~Flags,
    };

    private static ImapFlags FlagOf(string flag)
    {
        if (flag.Length == 0 || flag.Any(c => c < '!' || c > '~' || c is '(' or ')' or '{' or '"' or '%' or '*' or ']') || flag.LastIndexOf('\\') > 0)
        {
            throw new ImapSyntaxException($"bad flag '{flag}'");
        }

        return flag.ToUpperInvariant() switch
        {
            "\\SEEN" => ImapFlags.Seen,
            "\\FLAGGED" => ImapFlags.Flagged,
            "\\ANSWERED" => ImapFlags.Answered,
            "\\DELETED" => ImapFlags.Deleted,
            _ => throw new ImapNoException("[CANNOT]", $"flag {flag} cannot be stored: only \\Seen, \\Flagged, \\Answered and \\Deleted are kept"),
        };
    }
}
