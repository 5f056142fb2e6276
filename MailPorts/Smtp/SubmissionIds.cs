using System.Security.Cryptography;
using System.Text;

namespace Maildriver.MailPorts.Smtp;

/// <summary>
/// The submission id under which an SMTP message becomes a letter, so that a client repeating a submission whose
/// "250" it never saw gets the letter it already sent, not a second one. The Message-ID is the natural id: mail
/// clients give every message one and keep it when they retry. A message without one is identified by a digest
/// of its text, so only a byte-for-byte repeat is taken for a retry; a user who deliberately sends the very same
/// Message-ID-less text twice gets one letter (every client that composes mail adds a Message-ID and a Date).
/// The id is scoped to the sender by the client API, so nobody can collide with another user's letters.
/// </summary>
public static class SubmissionIds
{
    // The client API takes ids of up to 200 characters; longer Message-IDs are digested.
    private const int MaxMessageIdLength = 180;

    /// <summary>The submission id of <paramref name="message"/>, whose Message-ID (without brackets) is <paramref name="messageId"/> or null.</summary>
    public static string For(string? messageId, ReadOnlySpan<byte> message)
    {
        if (!string.IsNullOrEmpty(messageId))
        {
            return messageId.Length <= MaxMessageIdLength
                ? "message-id:" + messageId
                : "message-id-sha256:" + Hex(Encoding.UTF8.GetBytes(messageId));
        }

        return "content-sha256:" + Hex(message);
    }

    private static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
