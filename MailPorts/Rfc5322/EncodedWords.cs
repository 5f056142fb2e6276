using System.Text;
using System.Text.RegularExpressions;

namespace Maildriver.MailPorts.Rfc5322;

/// <summary>
/// RFC 2047 encoded-words (<c>=?utf-8?B?...?=</c>, <c>=?iso-8859-1?Q?...?=</c>): how a header such as Subject
/// carries text that is not plain ASCII.
/// </summary>
public static partial class EncodedWords
{
    // 39 bytes of UTF-8 become 52 base64 characters: with "=?utf-8?B?" and "?=" a word is 64 characters, and the
    // first one still fits on a 78-character line after "Subject: " (RFC 5322's recommended line length).
    private const int BytesPerWord = 39;

    /// <summary>
    /// Decodes every encoded-word in an unfolded header value. White space between two adjacent encoded-words is
    /// dropped (RFC 2047 section 6.2); a word in an unknown charset or with a bad encoding is left as it was.
    /// </summary>
    public static string Decode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!value.Contains("=?", StringComparison.Ordinal))
        {
            return value;
        }

        var output = new StringBuilder(value.Length);
        var position = 0;
        var previousWasEncoded = false;
        foreach (Match match in Word().Matches(value))
        {
            var between = value[position..match.Index];
            var decoded = TryDecodeWord(match.Groups["charset"].Value, match.Groups["encoding"].Value, match.Groups["text"].Value);
            if (!(previousWasEncoded && decoded is not null && string.IsNullOrWhiteSpace(between)))
            {
                output.Append(between);
            }

            output.Append(decoded ?? match.Value);
            previousWasEncoded = decoded is not null;
            position = match.Index + match.Length;
        }

        output.Append(value[position..]);
        return output.ToString();
    }

    /// <summary>
    /// <paramref name="text"/> as UTF-8 "B" encoded-words folded onto continuation lines (CRLF SP between words),
    /// never splitting a character.
    /// </summary>
    public static string Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = new List<string>();
        var chunk = new List<byte>(BytesPerWord);
        Span<byte> buffer = stackalloc byte[4];
        foreach (var rune in text.EnumerateRunes())
        {
            var length = rune.EncodeToUtf8(buffer);
            if (chunk.Count + length > BytesPerWord)
            {
                words.Add(WordOf(chunk));
                chunk.Clear();
            }

            chunk.AddRange(buffer[..length]);
        }

        if (chunk.Count > 0 || words.Count == 0)
        {
            words.Add(WordOf(chunk));
        }

        return string.Join("\r\n ", words);
    }

    private static string WordOf(List<byte> bytes) => $"=?utf-8?B?{Convert.ToBase64String([.. bytes])}?=";

    private static string? TryDecodeWord(string charsetAndLanguage, string encoding, string text)
    {
        // RFC 2231 lets a language follow the charset: "utf-8*en".
        var star = charsetAndLanguage.IndexOf('*');
        var charset = Charsets.Find(star < 0 ? charsetAndLanguage : charsetAndLanguage[..star]);
        if (charset is null)
        {
            return null;
        }

        byte[] bytes;
        if (encoding is "B" or "b")
        {
            var buffer = new byte[text.Length];
            if (!Convert.TryFromBase64String(text, buffer, out var written))
            {
                return null;
            }

            bytes = buffer[..written];
        }
        else
        {
            // "Q": like quoted-printable, with "_" standing for a space.
            bytes = QuotedPrintable.Decode(Encoding.ASCII.GetBytes(text.Replace('_', ' ')));
        }

        return charset.GetString(bytes);
    }

    [GeneratedRegex(@"=\?(?<charset>[^?\s]+)\?(?<encoding>[bBqQ])\?(?<text>[^?\s]*)\?=", RegexOptions.CultureInvariant)]
    private static partial Regex Word();
}
