using System.Security.Cryptography;
using System.Text;
using Maildriver.Grains.Mime;
using Maildriver.Grains.Protocol;

namespace Maildriver.Grains.Server;

/// <summary>
/// A send request made into the RFC 5322 message that is stored and served for it: a plain text (the CLI, the
/// reader) becomes a plain-text MIME message written with MimeKit; a whole message (SMTP) is kept byte for byte,
/// and only its subject is read out of it, for the lists.
/// </summary>
internal static class OutgoingLetter
{
    /// <summary>The longest subject, as RFC 5322's longest line.</summary>
    public const int MaxSubjectLength = 998;

    /// <summary>The subject to list the letter under and its message; a bad request is refused here.</summary>
    /// <param name="request">The request.</param>
    /// <param name="from">The sender, logged in.</param>
    /// <param name="to">Whom the sender addressed, users and lists by name (a plain letter's To).</param>
    /// <param name="submissionKey">The submission's key, which names a plain letter's Message-ID.</param>
    /// <param name="domain">The mail domain of the addresses.</param>
    /// <param name="now">When the origin accepted it: a plain letter's Date.</param>
    /// <param name="maxBytes">The largest text (plain letters) or message (whole messages).</param>
    /// <exception cref="RequestRefusedException">The subject is not one line, or the letter is too large.</exception>
    public static (string Subject, byte[] Message) Compose(
        SendRequest request, string from, IReadOnlyList<string> to, string submissionKey, MailDomain domain, DateTimeOffset now, long maxBytes)
    {
        if (request.Message is { } whole)
        {
            CheckSize(whole.Length, maxBytes);
            return (SubjectOf(whole), whole);
        }

        var subject = request.Subject ?? string.Empty;
        if (subject.Length > MaxSubjectLength || subject.Any(c => c is '\r' or '\n'))
        {
            throw new RequestRefusedException($"bad subject: one line of at most {MaxSubjectLength} characters");
        }

        var text = request.Body ?? string.Empty;
        CheckSize(Encoding.UTF8.GetByteCount(text), maxBytes);
        return (subject, LetterMessages.PlainText(domain, from, to, subject, text, now, MessageIdOf(submissionKey, domain)));
    }

    // The same submission gives the same Message-ID, wherever it is retried; the key itself (a user name and a
    // client's id) is not shown.
    private static string MessageIdOf(string submissionKey, MailDomain domain)
        => $"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(submissionKey)))[..32]}@{domain.Name}";

    // RFC 2047-decoded and unfolded by MimeKit. A subject is one line: control characters (a decoded encoded-word may
    // carry a line break) become spaces, and an over-long one is cut rather than the letter refused, never inside a
    // surrogate pair.
    private static string SubjectOf(byte[] message)
    {
        var subject = new StringBuilder();
        foreach (var c in (LetterMessages.ParseHeaders(message).Subject ?? string.Empty).Trim())
        {
            subject.Append(char.IsControl(c) ? ' ' : c);
        }

        if (subject.Length > MaxSubjectLength)
        {
            subject.Length = char.IsHighSurrogate(subject[MaxSubjectLength - 1]) ? MaxSubjectLength - 1 : MaxSubjectLength;
        }

        return subject.ToString();
    }

    private static void CheckSize(long size, long maxBytes)
    {
        if (size > maxBytes)
        {
            throw new RequestRefusedException($"letter too large: {size} bytes; the limit is {maxBytes} bytes");
        }
    }
}
