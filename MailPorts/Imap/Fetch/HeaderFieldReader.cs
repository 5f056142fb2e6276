namespace Maildriver.MailPorts.Imap.Fetch;

/// <summary>
/// Reads a header section's fields (RFC 5322 section 2.2) as their stored octets, each with its folded lines, up to
/// the empty line: what HEADER.FIELDS cuts and ENVELOPE reads, without building MimeKit's parser for every letter
/// (that parser's buffers were most of a cold ENVELOPE's cost).
/// </summary>
/// <param name="header">The header section, or the start of a message.</param>
internal ref struct HeaderFieldReader(ReadOnlySpan<byte> header)
{
    private ReadOnlySpan<byte> _rest = header;

    /// <summary>
    /// The next field: <paramref name="name"/> before its colon, trailing blanks taken off (empty for a line that is
    /// no field: no colon, or one at its start), <paramref name="value"/> after the colon, and <paramref name="field"/>
    /// the whole, its line ends included. False at the empty line or the end.
    /// </summary>
    public bool Next(out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value, out ReadOnlySpan<byte> field)
    {
        name = value = field = default;
        if (_rest.IsEmpty || _rest.StartsWith("\r\n"u8) || _rest[0] == (byte)'\n')
        {
            return false;
        }

        // A field runs on over every following line that starts with a blank (folding).
        var length = 0;
        do
        {
            var lf = _rest[length..].IndexOf((byte)'\n');
            length = lf < 0 ? _rest.Length : length + lf + 1;
        }
        while (length < _rest.Length && _rest[length] is (byte)' ' or (byte)'\t');

        field = _rest[..length];
        _rest = _rest[length..];
        var colon = field.IndexOf((byte)':');
        var firstLine = field.IndexOf((byte)'\n') is var end and >= 0 ? end : field.Length;
        if (colon > 0 && colon < firstLine)
        {
            name = field[..colon].TrimEnd(" \t"u8);
            value = field[(colon + 1)..];
        }

        return true;
    }
}
