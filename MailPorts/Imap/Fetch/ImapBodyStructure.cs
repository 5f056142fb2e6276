using System.Text;
using Maildriver.Grains.Mime;
using Maildriver.MailPorts.Imap.Responses;
using MimeKit;

namespace Maildriver.MailPorts.Imap.Fetch;

/// <summary>
/// BODYSTRUCTURE and BODY (RFC 3501 section 7.4.2) of a stored message from MimeKit's parse: for each leaf its type,
/// subtype, parameters, id, description, encoding and size in octets, with its lines for text and its envelope,
/// structure and lines for a message/rfc822 part; for a multipart its parts and subtype. BODYSTRUCTURE adds the
/// extension data clients show attachments by: a leaf's MD5 (NIL), disposition, language and location (NIL), a
/// multipart's parameters and the same. Sizes and lines are counted on the stored octets.
/// </summary>
internal static class ImapBodyStructure
{
    /// <summary>Appends the structure of <paramref name="map"/>'s message: BODYSTRUCTURE's when <paramref name="extensible"/>, else BODY's.</summary>
    public static void Write(ImapResponse response, MimeMap map, bool extensible)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(map);
        Entity(response, map, map.Message.Body ?? throw new InvalidOperationException("MimeKit parsed no body"), extensible);
    }

    private static void Entity(ImapResponse response, MimeMap map, MimeEntity entity, bool extensible)
    {
        response.Text("(");
        if (entity is Multipart multipart)
        {
            foreach (var part in multipart)
            {
                Entity(response, map, part, extensible);
            }

            response.Text(" ").String(multipart.ContentType.MediaSubtype.ToUpperInvariant());
            if (extensible)
            {
                // body-ext-mpart: parameters, disposition, language, location.
                response.Text(" ");
                Parameters(response, multipart.ContentType.Parameters);
                response.Text(" ");
                Disposition(response, multipart);
                response.Text(" NIL NIL");
            }

            response.Text(")");
            return;
        }

        var type = entity.ContentType;
        var body = map.BodyOf(entity);
        response.String(type.MediaType.ToUpperInvariant()).Text(" ").String(type.MediaSubtype.ToUpperInvariant()).Text(" ");
        Parameters(response, type.Parameters);
        response.Text(" ").NString(Field(entity, HeaderId.ContentId)).Text(" ").NString(Field(entity, HeaderId.ContentDescription))
            .Text(" ").String((Field(entity, HeaderId.ContentTransferEncoding) ?? "7BIT").ToUpperInvariant()).Text(" ").Number(body.Length);
        if (entity is MessagePart { Message: { } inner } && type.IsMimeType("message", "rfc822"))
        {
            response.Text(" ");
            ImapEnvelope.Write(response, body.AsSpan(0, MessageHeader.Length(body)));
            response.Text(" ");
            Entity(response, map, inner.Body ?? throw new InvalidOperationException("MimeKit parsed no body"), extensible);
            response.Text(" ").Number(Lines(body));
        }
        else if (type.MediaType.Equals("text", StringComparison.OrdinalIgnoreCase))
        {
            response.Text(" ").Number(Lines(body));
        }

        if (extensible)
        {
            // body-ext-1part: MD5 (not computed), disposition, language, location.
            response.Text(" NIL ");
            Disposition(response, entity);
            response.Text(" NIL NIL");
        }

        response.Text(")");
    }

    // body-fld-dsp: ("ATTACHMENT" ("FILENAME" "minutes.pdf")), or NIL without a Content-Disposition.
    private static void Disposition(ImapResponse response, MimeEntity entity)
    {
        if (entity.ContentDisposition is not { } disposition)
        {
            response.Text("NIL");
            return;
        }

        response.Text("(").String(disposition.Disposition.ToUpperInvariant()).Text(" ");
        Parameters(response, disposition.Parameters);
        response.Text(")");
    }

    private static void Parameters(ImapResponse response, ParameterList parameters)
    {
        if (parameters.Count == 0)
        {
            response.Text("NIL");
            return;
        }

        response.Text("(");
        var first = true;
        foreach (var parameter in parameters)
        {
            response.Text(first ? string.Empty : " ").String(parameter.Name.ToUpperInvariant()).Text(" ").String(parameter.Value);
            first = false;
        }

        response.Text(")");
    }

    // A header field's value unfolded and trimmed, or null when the entity has none.
    private static string? Field(MimeEntity entity, HeaderId id)
        => entity.Headers.IndexOf(id) is var i and >= 0
            ? Encoding.UTF8.GetString(entity.Headers[i].RawValue).Replace("\r\n", string.Empty, StringComparison.Ordinal).Trim()
            : null;

    // RFC 3501: "the size of the body in text lines"; a last line without its line end counts too.
    private static long Lines(byte[] body) => body.Count(b => b == (byte)'\n') + (body.Length > 0 && body[^1] != (byte)'\n' ? 1 : 0);
}
