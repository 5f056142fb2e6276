using Maildriver.MailPorts.Imap.Syntax;

namespace Maildriver.MailPorts.Imap.Fetch;

/// <summary>
/// Parses FETCH's data items (RFC 3501 section 6.4.5): one item, a parenthesised list of them, or a macro (ALL,
/// FAST, FULL). Items with part numbers and BODYSTRUCTURE are not served yet and are refused as such.
/// </summary>
internal static class FetchRequest
{
    /// <summary>The items <paramref name="parser"/> holds next, up to the end of the command.</summary>
    public static IReadOnlyList<FetchItem> Parse(ImapParser parser)
    {
        ArgumentNullException.ThrowIfNull(parser);
        var items = new List<FetchItem>();
        if (parser.TryTake('('))
        {
            do
            {
                items.AddRange(Item(parser));
            }
            while (parser.TryTake(' '));

            parser.Expect(')');
        }
        else
        {
            items.AddRange(Item(parser));
        }

        parser.ExpectEnd();
        return items;
    }

    private static IEnumerable<FetchItem> Item(ImapParser parser)
    {
        var name = parser.ReadFetchName().ToUpperInvariant();
        switch (name)
        {
            case "ALL":
                return [Simple(FetchKind.Flags), Simple(FetchKind.InternalDate), Simple(FetchKind.Size), Simple(FetchKind.Envelope)];
            case "FAST":
                return [Simple(FetchKind.Flags), Simple(FetchKind.InternalDate), Simple(FetchKind.Size)];
            case "FULL":
                throw new ImapSyntaxException("FULL (with BODYSTRUCTURE) is not served yet");
            case "FLAGS":
            case "UID":
            case "INTERNALDATE":
            case "RFC822.SIZE":
            case "ENVELOPE":
                return [Simple(KindOf(name))];
            case "BODYSTRUCTURE":
            case "BODY" when parser.Peek != '[':
                throw new ImapSyntaxException("BODYSTRUCTURE is not served yet");
            case "RFC822":
                return [new FetchItem(FetchKind.Body, "RFC822", new BodySection([], SectionKind.All, []), Peek: false)];
            case "RFC822.HEADER":
                return [new FetchItem(FetchKind.Body, "RFC822.HEADER", new BodySection([], SectionKind.Header, []))];
            case "RFC822.TEXT":
                return [new FetchItem(FetchKind.Body, "RFC822.TEXT", new BodySection([], SectionKind.Text, []), Peek: false)];
            case "BODY":
            case "BODY.PEEK":
                return [Body(parser, peek: name == "BODY.PEEK")];
            default:
                throw new ImapSyntaxException($"unknown FETCH item '{name}'");
        }
    }

    private static FetchItem Body(ImapParser parser, bool peek)
    {
        parser.Expect('[');
        var section = Section(parser);
        parser.Expect(']');
        if (!parser.TryTake('<'))
        {
            return new FetchItem(FetchKind.Body, $"BODY[{section.Spec}]", section, peek);
        }

        var start = parser.ReadNumber();
        parser.Expect('.');
        var count = parser.ReadNumber();
        parser.Expect('>');
        if (count == 0)
        {
            throw new ImapSyntaxException("a partial fetch needs a non-zero length");
        }

        // The response names only the origin octet (RFC 3501 section 7.4.2, BODY[<section>]<<origin octet>>).
        return new FetchItem(FetchKind.Body, $"BODY[{section.Spec}]<{start}>", section, peek, start, count);
    }

    private static BodySection Section(ImapParser parser)
    {
        if (parser.Peek == ']')
        {
            return new BodySection([], SectionKind.All, []);
        }

        var spec = parser.ReadAtom().ToUpperInvariant();
        if (char.IsAsciiDigit(spec[0]))
        {
            throw new ImapSyntaxException("body parts by number (BODY[1], BODY[1.MIME]) are not served yet");
        }

        switch (spec)
        {
            case "HEADER":
                return new BodySection([], SectionKind.Header, []);
            case "TEXT":
                return new BodySection([], SectionKind.Text, []);
            case "HEADER.FIELDS":
            case "HEADER.FIELDS.NOT":
                parser.Space();
                parser.Expect('(');
                var fields = new List<string>();
                do
                {
                    fields.Add(parser.ReadAString().ToUpperInvariant());
                }
                while (parser.TryTake(' '));

                parser.Expect(')');
                return new BodySection([], spec == "HEADER.FIELDS" ? SectionKind.HeaderFields : SectionKind.HeaderFieldsNot, fields);
            default:
                throw new ImapSyntaxException($"unknown body section '{spec}'");
        }
    }

    private static FetchItem Simple(FetchKind kind) => new(kind, kind switch
    {
        FetchKind.Flags => "FLAGS",
        FetchKind.Uid => "UID",
        FetchKind.InternalDate => "INTERNALDATE",
        FetchKind.Size => "RFC822.SIZE",
        FetchKind.Envelope => "ENVELOPE",
        _ => "BODYSTRUCTURE",
    });

    private static FetchKind KindOf(string name) => name switch
    {
        "FLAGS" => FetchKind.Flags,
        "UID" => FetchKind.Uid,
        "INTERNALDATE" => FetchKind.InternalDate,
        "RFC822.SIZE" => FetchKind.Size,
        "ENVELOPE" => FetchKind.Envelope,
        _ => FetchKind.BodyStructure,
    };
}
