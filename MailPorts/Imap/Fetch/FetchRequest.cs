using Maildriver.MailPorts.Imap.Syntax;

namespace Maildriver.MailPorts.Imap.Fetch;

/// <summary>
/// Parses FETCH's data items (RFC 3501 section 6.4.5): one item, a parenthesised list of them, or a macro (ALL,
/// FAST, FULL).
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
                return [Simple(FetchKind.Flags), Simple(FetchKind.InternalDate), Simple(FetchKind.Size), Simple(FetchKind.Envelope), new FetchItem(FetchKind.BodyStructure, "BODY")];
            case "FLAGS":
            case "UID":
            case "INTERNALDATE":
            case "RFC822.SIZE":
            case "ENVELOPE":
            case "BODYSTRUCTURE":
                return [Simple(KindOf(name))];
            case "BODY" when parser.Peek != '[':
                // BODY without a section: BODYSTRUCTURE's form without extension data (RFC 3501 section 6.4.5).
                return [new FetchItem(FetchKind.BodyStructure, "BODY")];
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
        var part = new List<int>();
        while (spec.Length > 0 && char.IsAsciiDigit(spec[0]))
        {
            // section-part: nz-number *("." nz-number), then "." and a section-text, or nothing.
            var dot = spec.IndexOf('.', StringComparison.Ordinal);
            var number = dot < 0 ? spec : spec[..dot];
            if (!int.TryParse(number, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) || n < 1 || number[0] == '0')
            {
                throw new ImapSyntaxException($"bad body part number '{number}'");
            }

            part.Add(n);
            spec = dot < 0 ? string.Empty : spec[(dot + 1)..];
            if (dot >= 0 && spec.Length == 0)
            {
                throw new ImapSyntaxException("a body part number ends with '.'");
            }
        }

        if (part.Count > 0 && spec.Length == 0)
        {
            return new BodySection(part, SectionKind.All, []);
        }

        switch (spec)
        {
            case "MIME" when part.Count > 0:
                return new BodySection(part, SectionKind.Mime, []);
            case "HEADER":
                return new BodySection(part, SectionKind.Header, []);
            case "TEXT":
                return new BodySection(part, SectionKind.Text, []);
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
                return new BodySection(part, spec == "HEADER.FIELDS" ? SectionKind.HeaderFields : SectionKind.HeaderFieldsNot, fields);
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
