using System.Buffers;
using Maildriver.Grains.Mime;
using Maildriver.Grains.Protocol;
using Maildriver.Grains.Server;
using Maildriver.MailPorts.LineProtocol;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Maildriver.MailPorts.Smtp;

/// <summary>
/// DATA's end, SmtpServer's <see cref="IMessageStore"/>: the message SmtpServer received becomes a Maildriver letter
/// through the client API's send, with its Message-ID as the submission id, and SmtpServer writes the reply this
/// returns, so "250" goes out only once the Master and the Lieutenant hold the letter. The message is kept byte for
/// byte (SmtpServer's buffer lacks only the CRLF of its last line). Refused: a message over the size limit (the
/// pipe threw its rest away) and one with a line over RFC 5322's 998 octets, which is stored and served byte for
/// byte and which mail clients refuse (Python's poplib stops at 2048).
/// </summary>
internal sealed class SubmissionStore(MailPortContext context) : IMessageStore
{
    // RFC 5322 section 2.1.1: "Each line of characters MUST be no more than 998 characters".
    private const int MaxLineOctets = 998;

    /// <inheritdoc/>
    public async Task<SmtpResponse> SaveAsync(ISessionContext session, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        var submission = SubmissionSession.Of(session);
        var recipients = submission.Recipients.ToList();
        submission.EndTransaction();
        var framing = submission.Framing ?? throw new InvalidOperationException("SmtpServer ended a message the pipe did not frame");
        if (framing.TooBig)
        {
            return SmtpReplies.Response(SmtpReplies.MessageTooBig(context.Options.MaxMessageBytes));
        }

        var message = new byte[buffer.Length + (framing.Lines > 0 ? 2 : 0)];
        buffer.CopyTo(message);
        if (framing.Lines > 0)
        {
            "\r\n"u8.CopyTo(message.AsSpan(message.Length - 2));
        }

        if (LongestLine(message) > MaxLineOctets)
        {
            return SmtpReplies.Response($"554 5.6.0 Message refused: a line is longer than {MaxLineOctets} octets (RFC 5322 section 2.1.1)");
        }

        return SmtpReplies.Response(await SubmitAsync(submission, recipients, message).ConfigureAwait(false));
    }

    /// <summary>The longest line of <paramref name="message"/>, without its line end.</summary>
    internal static int LongestLine(ReadOnlySpan<byte> message)
    {
        var longest = 0;
        while (!message.IsEmpty)
        {
            var lf = message.IndexOf((byte)'\n');
            var line = lf < 0 ? message.Length : lf + 1;
            longest = Math.Max(longest, line - (lf < 0 ? 0 : lf > 0 && message[lf - 1] == (byte)'\r' ? 2 : 1));
            message = message[line..];
        }

        return longest;
    }

    private async Task<string> SubmitAsync(SubmissionSession submission, List<string> recipients, byte[] message)
    {
        // Kept byte for byte: the server reads the subject out of it; only the Message-ID is wanted here.
        var messageId = LetterMessages.ParseHeaders(message).MessageId;
        var request = new SendRequest(recipients, string.Empty, string.Empty, SubmissionIds.For(messageId, message), message);
        try
        {
            var sent = await context.Server.Send(submission.Token!, request).ConfigureAwait(false);
            MailPortsLog.Submitted(context.Logger, submission.User!, sent.Id, recipients.Count);
            return $"250 2.0.0 OK: queued as {sent.Id}";
        }
        catch (RequestRefusedException ex)
        {
            return $"554 5.6.0 Message refused: {OneLine(ex.Message)}";
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The client will try again with the same message, hence the same submission id: never a second letter.
            MailPortsLog.Unavailable(context.Logger, "SMTP", submission.Remote, ex);
            return "451 4.3.0 The mail system could not take the message now; try again later";
        }
    }

    private static string OneLine(string text) => string.Concat(text.Select(c => char.IsControl(c) ? ' ' : c));
}
