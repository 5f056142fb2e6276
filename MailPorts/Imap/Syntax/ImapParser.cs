using System.Globalization;
using System.Text;

namespace Maildriver.MailPorts.Imap.Syntax;

/// <summary>
/// Reads one command's arguments by RFC 3501's grammar (section 9), over the command as it came (its literals
/// inline, each after its <c>{n}</c> and CRLF). Every method either consumes what it read or throws
/// <see cref="ImapSyntaxException"/>.
/// </summary>
public sealed class ImapParser
{
    private readonly byte[] _bytes;
    private int _position;

    /// <summary>Starts at the beginning of <paramref name="command"/>.</summary>
    public ImapParser(byte[] command) => _bytes = command ?? throw new ArgumentNullException(nameof(command));

    /// <summary>Whether the whole command has been read.</summary>
    public bool AtEnd => _position >= _bytes.Length;

    /// <summary>The next octet, or -1 at the end.</summary>
    public int Peek => AtEnd ? -1 : _bytes[_position];

    /// <summary>A tag: one or more <c>ASTRING-CHAR</c> but <c>+</c> (section 9, <c>tag</c>).</summary>
    public string ReadTag()
    {
        var start = _position;
        while (!AtEnd && IsAStringChar(_bytes[_position]) && _bytes[_position] != (byte)'+')
        {
            _position++;
        }

        return start == _position ? throw new ImapSyntaxException("missing or bad tag") : Ascii(start);
    }

    /// <summary>An atom (section 4.1): one or more characters that are no atom-specials.</summary>
    public string ReadAtom()
    {
        var start = _position;
        while (!AtEnd && IsAtomChar(_bytes[_position]))
        {
            _position++;
        }

        return start == _position ? throw new ImapSyntaxException("expected an atom") : Ascii(start);
    }

    /// <summary>A FETCH item's name: atom characters up to a <c>[</c> or <c>&lt;</c> (<c>BODY.PEEK[…]&lt;0.10&gt;</c>).</summary>
    public string ReadFetchName()
    {
        var start = _position;
        while (!AtEnd && IsAtomChar(_bytes[_position]) && _bytes[_position] is not ((byte)'[' or (byte)'<'))
        {
            _position++;
        }

        return start == _position ? throw new ImapSyntaxException("expected a FETCH item") : Ascii(start);
    }

    /// <summary>Characters up to the next space, parenthesis or the end (a sequence set, a flag, a search key).</summary>
    public string ReadWord()
    {
        var start = _position;
        while (!AtEnd && _bytes[_position] is not ((byte)' ' or (byte)'(' or (byte)')' or (byte)'\r' or (byte)'\n'))
        {
            _position++;
        }

        return start == _position ? throw new ImapSyntaxException("expected an argument") : Ascii(start);
    }

    /// <summary>What <see cref="ReadWord"/> would read, without consuming it.</summary>
    public string PeekWord()
    {
        var start = _position;
        try
        {
            return AtEnd ? string.Empty : ReadWord();
        }
        catch (ImapSyntaxException)
        {
            return string.Empty;
        }
        finally
        {
            _position = start;
        }
    }

    /// <summary>Exactly one space; RFC 3501 has no other separator.</summary>
    public void Space()
    {
        if (Peek != ' ')
        {
            throw new ImapSyntaxException(AtEnd ? "missing argument" : "expected a single space between arguments");
        }

        _position++;
    }

    /// <summary>Consumes <paramref name="c"/> when it comes next.</summary>
    public bool TryTake(char c)
    {
        if (Peek != c)
        {
            return false;
        }

        _position++;
        return true;
    }

    /// <summary>Consumes <paramref name="c"/>, which must come next.</summary>
    public void Expect(char c)
    {
        if (!TryTake(c))
        {
            throw new ImapSyntaxException($"expected '{c}'");
        }
    }

    /// <summary>Nothing may follow.</summary>
    public void ExpectEnd()
    {
        if (!AtEnd)
        {
            throw new ImapSyntaxException("unexpected characters at the end of the command");
        }
    }

    /// <summary>An <c>astring</c>: an atom (<c>]</c> allowed), a quoted string or a literal, as UTF-8 text.</summary>
    public string ReadAString() => Peek is '"' or '{' ? ReadString() : ReadAStringAtom();

    /// <summary>A <c>string</c>: a quoted string or a literal, as UTF-8 text.</summary>
    public string ReadString() => Encoding.UTF8.GetString(ReadStringBytes());

    /// <summary>A quoted string (backslash escapes only <c>"</c> and <c>\</c>) or a literal, as octets.</summary>
    public byte[] ReadStringBytes()
    {
        if (TryTake('"'))
        {
            var text = new List<byte>();
            while (true)
            {
                var c = AtEnd ? throw new ImapSyntaxException("unterminated quoted string") : _bytes[_position++];
                switch (c)
                {
                    case (byte)'"':
                        return [.. text];
                    case (byte)'\\' when Peek is '"' or '\\':
                        text.Add(_bytes[_position++]);
                        break;
                    case (byte)'\\' or (byte)'\r' or (byte)'\n' or 0:
                        throw new ImapSyntaxException("bad character in a quoted string");
                    default:
                        text.Add(c);
                        break;
                }
            }
        }

        return Peek == '{' ? ReadLiteral() : throw new ImapSyntaxException("expected a string");
    }

    /// <summary>A number (section 4.2): digits, at most 32 bits.</summary>
    public long ReadNumber()
    {
        var start = _position;
        while (!AtEnd && char.IsAsciiDigit((char)_bytes[_position]))
        {
            _position++;
        }

        return start != _position && uint.TryParse(Ascii(start), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ImapSyntaxException("expected a number");
    }

    /// <summary>A sequence set (section 9, <c>sequence-set</c>).</summary>
    public SequenceSet ReadSequenceSet() => SequenceSet.Parse(ReadWord());

    // A literal as CommandReader left it: "{n}" or "{n+}", CRLF, then the n octets.
    private byte[] ReadLiteral()
    {
        _position++;
        var count = ReadNumber();
        TryTake('+');
        Expect('}');
        if (!TryTake('\r') || !TryTake('\n') || _position + count > _bytes.Length)
        {
            throw new ImapSyntaxException("bad literal");
        }

        var bytes = _bytes.AsSpan(_position, (int)count).ToArray();
        _position += (int)count;
        return bytes;
    }

    private string ReadAStringAtom()
    {
        var start = _position;
        while (!AtEnd && IsAStringChar(_bytes[_position]))
        {
            _position++;
        }

        return start == _position ? throw new ImapSyntaxException("expected a string") : Encoding.UTF8.GetString(_bytes, start, _position - start);
    }

    private string Ascii(int start) => Encoding.ASCII.GetString(_bytes, start, _position - start);

    /// <summary>ATOM-CHAR: any CHAR but atom-specials ( ) { SP CTL % * " \ ].</summary>
    public static bool IsAtomChar(byte c) => c is > 0x20 and < 0x7F and not ((byte)'(' or (byte)')' or (byte)'{' or (byte)'%' or (byte)'*' or (byte)'"' or (byte)'\\' or (byte)']');

    /// <summary>ASTRING-CHAR: ATOM-CHAR or <c>]</c>.</summary>
    public static bool IsAStringChar(byte c) => IsAtomChar(c) || c == (byte)']';
}
