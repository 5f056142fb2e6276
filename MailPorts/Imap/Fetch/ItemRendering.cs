using Maildriver.Grains.Mime;
using Maildriver.MailPorts.Imap.Responses;

namespace Maildriver.MailPorts.Imap.Fetch;

/// <summary>FETCH's items that depend only on a letter's octets, rendered once as response octets (what <see cref="RenderedItemCache"/> keeps).</summary>
internal static class ItemRendering
{
    /// <summary>Whether <paramref name="item"/> is rendered from the letter alone and can be kept: ENVELOPE, BODYSTRUCTURE, BODY.</summary>
    public static bool IsRendered(FetchItem item) => item.Kind is FetchKind.Envelope or FetchKind.BodyStructure;

    /// <summary>Whether <paramref name="item"/> needs the whole message, not only its header section.</summary>
    public static bool NeedsWholeMessage(FetchItem item) => item.Kind == FetchKind.BodyStructure;

    /// <summary>ENVELOPE of the message whose header section is <paramref name="header"/>.</summary>
    public static byte[] Envelope(ReadOnlySpan<byte> header)
    {
        var response = new ImapResponse();
        ImapEnvelope.Write(response, header);
        return response.Bytes.ToArray();
    }

    /// <summary><paramref name="item"/> (ENVELOPE, BODYSTRUCTURE or BODY) of the stored <paramref name="message"/>.</summary>
    public static byte[] Render(FetchItem item, byte[] message)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(message);
        if (item.Kind == FetchKind.Envelope)
        {
            return Envelope(message.AsSpan(0, MessageHeader.Length(message)));
        }

        var response = new ImapResponse();
        ImapBodyStructure.Write(response, MimeMap.Parse(message), extensible: item.Name == "BODYSTRUCTURE");
        return response.Bytes.ToArray();
    }
}
