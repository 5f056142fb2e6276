using System.Text;
using Maildriver.Grains.Mime;

namespace Maildriver.Grains.Storage;

/// <summary>
/// Before letters were MIME (issue 17), a stored body was the letter's text alone, and POP3 wrapped it in a message
/// when it served it. This makes that text the RFC 5322 message it now is: a plain-text letter dated when the origin
/// accepted it, with the id POP3 gave it as its Message-ID. Every machine converts its copy the same way, so the
/// replicas still agree byte for byte.
/// </summary>
internal static class LegacyBodies
{
    /// <summary>The message for a letter whose stored body was <paramref name="text"/>.</summary>
    public static byte[] ToMessage(MailDomain domain, string id, string from, IReadOnlyList<string> to, string subject, DateTimeOffset sentAt, string text)
        => LetterMessages.PlainText(domain, from, to, subject, text, sentAt, $"{id}@{domain.Name}");

    /// <summary>Reads a body migration 4's SQL turned into bytes: the old text's UTF-8.</summary>
    public static string TextOf(byte[] body) => new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body);
}
