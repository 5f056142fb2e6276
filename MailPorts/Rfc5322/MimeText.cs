using System.Text;

namespace Maildriver.MailPorts.Rfc5322;

/// <summary>
/// The text a Maildriver letter keeps of a MIME message body. A single-part <c>text/*</c> body is decoded (its
/// transfer encoding and charset); a multipart body gives its first <c>text/plain</c> part, looked for depth-first
/// (so <c>multipart/alternative</c> inside <c>multipart/mixed</c> works); anything else — a lone attachment, a
/// multipart message without plain text — is kept as received, so nothing the sender wrote is silently lost.
/// </summary>
public static class MimeText
{
    // Nesting deeper than this is not mail anyone writes; stop rather than recurse on hostile input.
    private const int MaxDepth = 8;

    /// <summary>The body text of a message whose header section is <paramref name="headers"/>, with "\n" line ends.</summary>
    public static string Extract(HeaderSection headers, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var type = ContentType.Parse(headers["Content-Type"]);
        var text = type.IsMultipart ? FirstPlainText(type, body, 1)
            : type.IsText ? DecodeText(headers, type, body)
            : null;
        return LineEnds.ToLf(text ?? Encoding.UTF8.GetString(body));
    }

    private static string? FirstPlainText(ContentType multipart, ReadOnlySpan<byte> body, int depth)
    {
        if (depth > MaxDepth || multipart.Parameter("boundary") is not { Length: > 0 } boundary)
        {
            return null;
        }

        foreach (var (start, length) in Parts(body, Encoding.UTF8.GetBytes("--" + boundary)))
        {
            var part = body.Slice(start, length);
            var headers = HeaderSection.Parse(part);
            var type = ContentType.Parse(headers["Content-Type"]);
            var text = type.IsMultipart ? FirstPlainText(type, part[headers.BodyOffset..], depth + 1)
                : type.MediaType == "text/plain" ? DecodeText(headers, type, part[headers.BodyOffset..])
                : null;
            if (text is not null)
            {
                return text;
            }
        }

        return null;
    }

    private static string DecodeText(HeaderSection headers, ContentType type, ReadOnlySpan<byte> body)
    {
        var bytes = headers["Content-Transfer-Encoding"]?.Trim().ToLowerInvariant() switch
        {
            "base64" => FromBase64(body) ?? body.ToArray(),
            "quoted-printable" => QuotedPrintable.Decode(body),
            _ => body.ToArray(),
        };
        return Charsets.Decode(bytes, type.Parameter("charset"));
    }

    private static byte[]? FromBase64(ReadOnlySpan<byte> body)
    {
        var compact = Encoding.ASCII.GetString(body).Where(c => !char.IsWhiteSpace(c)).ToArray();
        var buffer = new byte[compact.Length];
        return Convert.TryFromBase64Chars(compact, buffer, out var written) ? buffer[..written] : null;
    }

    // The body parts between delimiter lines (RFC 2046 section 5.1.1); the line break before a delimiter belongs
    // to the delimiter, and the preamble and epilogue are not parts.
    private static List<(int Start, int Length)> Parts(ReadOnlySpan<byte> body, byte[] delimiter)
    {
        var parts = new List<(int, int)>();
        var partStart = -1;
        var position = 0;
        while (position < body.Length)
        {
            var lf = body[position..].IndexOf((byte)'\n');
            var lineEnd = lf < 0 ? body.Length : position + lf + 1;
            var line = body[position..lineEnd].TrimEnd("\r\n \t"u8);
            if (line.StartsWith(delimiter))
            {
                var after = line[delimiter.Length..];
                var closing = after.SequenceEqual("--"u8);
                if (after.IsEmpty || closing)
                {
                    if (partStart >= 0)
                    {
                        var end = position;
                        end -= end > partStart && body[end - 1] == (byte)'\n' ? 1 : 0;
                        end -= end > partStart && body[end - 1] == (byte)'\r' ? 1 : 0;
                        parts.Add((partStart, end - partStart));
                    }

                    if (closing)
                    {
                        return parts;
                    }

                    partStart = lineEnd;
                }
            }

            position = lineEnd;
        }

        // No closing delimiter (a truncated message): the last part runs to the end.
        if (partStart >= 0 && partStart < body.Length)
        {
            parts.Add((partStart, body.Length - partStart));
        }

        return parts;
    }
}
