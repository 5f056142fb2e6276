using System.Buffers;
using System.Globalization;
using Maildriver.MailPorts.LineProtocol;
using Maildriver.Grains.Mime;
using Maildriver.Grains.Protocol;
using Maildriver.Grains.Server;

namespace Maildriver.MailPorts.Smtp;

/// <summary>
/// DATA: the message text, dot-stuffed and ending with a line holding only "." (RFC 5321 section 4.5.2), read
/// within the size limit, then parsed and sent as a letter. A message over the limit is read to its end and
/// answered 552 (the session goes on); one more than twice the limit is not read further and the connection closes.
/// A message with a line over RFC 5322's 998 octets is refused (554): it is stored and served byte for byte, and
/// mail clients refuse such lines (Python's poplib stops at 2048).
/// </summary>
internal sealed partial class SmtpSession
{
    // Lines read only to find the end of an oversized message are thrown away anyway; this bounds each one.
    private const int DiscardLineBytes = 64 * 1024;

    // RFC 5322 section 2.1.1: "Each line of characters MUST be no more than 998 characters".
    private const int MaxLineOctets = 998;

    private async Task<bool> DataAsync(SmtpCommand command)
    {
        var refusal = _sender is null ? "503 5.5.1 Need MAIL first"
            : _recipients.Count == 0 ? "503 5.5.1 Need RCPT first"
            : command.Argument.Length > 0 ? "501 5.5.4 Syntax: DATA takes no argument"
            : null;
        if (refusal is not null)
        {
            await ReplyAsync(refusal).ConfigureAwait(false);
            return true;
        }

        await ReplyAsync("354 Start mail input; end with <CRLF>.<CRLF>").ConfigureAwait(false);
        var message = new ArrayBufferWriter<byte>();
        var (outcome, ending) = await ReadDataAsync(message).ConfigureAwait(false);
        var recipients = _recipients.ToList();
        ResetTransaction();
        switch (outcome)
        {
            case DataOutcome.TooBig:
                await ReplyAsync(string.Create(CultureInfo.InvariantCulture, $"552 5.3.4 Message too big: the limit is {Context.Options.MaxMessageBytes} octets")).ConfigureAwait(false);
                return true;
            case DataOutcome.FarTooBig:
                await Connection.WriteFinalLineAsync("552 5.3.4 Message far too big; closing connection").ConfigureAwait(false);
                return false;
            case DataOutcome.Ended:
                await EndAsync(ending).ConfigureAwait(false);
                return false;
        }

        if (LongestLine(message.WrittenSpan) > MaxLineOctets)
        {
            await ReplyAsync($"554 5.6.0 Message refused: a line is longer than {MaxLineOctets} octets (RFC 5322 section 2.1.1)").ConfigureAwait(false);
            return true;
        }

        await ReplyAsync(await SubmitAsync(message.WrittenSpan.ToArray(), recipients).ConfigureAwait(false)).ConfigureAwait(false);
        return true;
    }

    // The longest line of the message, without its CRLF (every line read in DATA ends with one).
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

    private async Task<(DataOutcome Outcome, LineStatus Ending)> ReadDataAsync(ArrayBufferWriter<byte> message)
    {
        var max = Context.Options.MaxMessageBytes;
        var hardCap = 2L * max;
        var tooBig = false;
        long discarded = 0;
        while (true)
        {
            // A line may be one octet longer on the wire than in the message (the stuffed dot), and the final
            // ".CRLF" must get through even when the message is exactly as big as allowed.
            var limit = tooBig ? DiscardLineBytes : Math.Max(max - message.WrittenCount + 1, 3);
            var read = await Connection.ReadLineAsync(limit, maxDiscard: hardCap).ConfigureAwait(false);
            switch (read.Status)
            {
                case LineStatus.Line when DotStuffing.IsTerminator(read.Bytes):
                    return (tooBig ? DataOutcome.TooBig : DataOutcome.Complete, LineStatus.Line);
                case LineStatus.Line when !tooBig && message.WrittenCount + DotStuffing.Unstuff(read.Bytes).Length + 2 <= max:
                    message.Write(DotStuffing.Unstuff(read.Bytes));
                    message.Write("\r\n"u8);
                    continue;
                case LineStatus.Line:
                    tooBig = true;
                    discarded += read.Bytes.Length + 2;
                    break;
                case LineStatus.TooLong or LineStatus.Overflow:
                    tooBig = true;
                    discarded += read.Discarded;
                    break;
                default:
                    return (DataOutcome.Ended, read.Status);
            }

            if (message.WrittenCount + discarded > hardCap)
            {
                return (DataOutcome.FarTooBig, LineStatus.Line);
            }
        }
    }

    private async Task<string> SubmitAsync(byte[] message, IReadOnlyList<string> recipients)
    {
        // Kept byte for byte: the server reads the subject out of it; only the Message-ID is wanted here.
        var messageId = LetterMessages.Parse(message).MessageId;
        var request = new SendRequest(recipients, string.Empty, string.Empty, SubmissionIds.For(messageId, message), message);
        try
        {
            var sent = await Context.Server.Send(_token!, request).ConfigureAwait(false);
            MailPortsLog.Submitted(Context.Logger, _user!, sent.Id, recipients.Count);
            return $"250 2.0.0 OK: queued as {sent.Id}";
        }
        catch (RequestRefusedException ex)
        {
            return $"554 5.6.0 Message refused: {OneLine(ex.Message)}";
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The client will try again with the same message, hence the same submission id: never a second letter.
            LogUnavailable(ex);
            return "451 4.3.0 The mail system could not take the message now; try again later";
        }
    }

    private static string OneLine(string text) => string.Concat(text.Select(c => char.IsControl(c) ? ' ' : c));
}
