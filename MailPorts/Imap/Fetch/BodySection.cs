namespace Maildriver.MailPorts.Imap.Fetch;

/// <summary>What a body section names (RFC 3501 section 6.4.5, <c>section-text</c>).</summary>
internal enum SectionKind
{
    /// <summary><c>[]</c>, or <c>[1.2]</c>: the whole message, or a part's body.</summary>
    All,

    /// <summary><c>[HEADER]</c>: the header, its empty line included.</summary>
    Header,

    /// <summary><c>[HEADER.FIELDS (…)]</c>: only the fields named, and the empty line.</summary>
    HeaderFields,

    /// <summary><c>[HEADER.FIELDS.NOT (…)]</c>: all fields but those named, and the empty line.</summary>
    HeaderFieldsNot,

    /// <summary><c>[TEXT]</c>: the body, after the empty line.</summary>
    Text,

    /// <summary><c>[1.MIME]</c>: a part's own MIME header.</summary>
    Mime,
}

/// <summary>A body section: which part (empty for the message itself) and what of it.</summary>
/// <param name="Part">The part numbers, e.g. [1, 2] for <c>1.2</c>; empty for the message.</param>
/// <param name="Kind">What of it.</param>
/// <param name="Fields">The header fields for <see cref="SectionKind.HeaderFields"/> and <see cref="SectionKind.HeaderFieldsNot"/>.</param>
internal sealed record BodySection(IReadOnlyList<int> Part, SectionKind Kind, IReadOnlyList<string> Fields)
{
    /// <summary>The section as the response names it, between the brackets.</summary>
    public string Spec
    {
        get
        {
            var part = string.Join('.', Part);
            var text = Kind switch
            {
                SectionKind.All => string.Empty,
                SectionKind.Header => "HEADER",
                SectionKind.HeaderFields => $"HEADER.FIELDS ({string.Join(' ', Fields)})",
                SectionKind.HeaderFieldsNot => $"HEADER.FIELDS.NOT ({string.Join(' ', Fields)})",
                SectionKind.Text => "TEXT",
                _ => "MIME",
            };
            return part.Length == 0 || text.Length == 0 ? part + text : part + "." + text;
        }
    }
}
