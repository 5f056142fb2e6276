using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Maildriver.MailPorts.LineProtocol;

namespace Maildriver.MailPorts.Smtp;

/// <summary>
/// The client's side of one SMTP connection as SmtpServer gets it: one line at a time, each read with Maildriver's
/// limits and checked before SmtpServer sees it, so that the mode a line is read in (command or message) is the
/// one SmtpServer is in when it asks. Commands go through <see cref="CommandScreen"/>. A message is passed on
/// line by line and framed here, because SmtpServer 11.1 mis-frames some (an empty message never ends; a stuffed
/// dot on the first line, or a single dot before text, stays) and, over its strict size limit, answers nothing
/// and reads the rest of the message as commands. Here a message over the limit is read to its end and thrown
/// away (the message store answers 552), one over twice the limit closes the connection, and the idle timeout and
/// the silo's stop end the connection with the reply Maildriver always gave.
/// </summary>
internal sealed class ClientLines(LineConnection connection, SubmissionSession session, MailPortContext context, ReplyWriter replies)
{
    // Lines read only to find the end of an oversized message are thrown away anyway; this bounds each one.
    private const int DiscardLineBytes = 64 * 1024;

    private static readonly byte[] CrLf = "\r\n"u8.ToArray();
    private static readonly byte[] Terminator = ".\r\n"u8.ToArray();

    // SmtpServer finds the end of a message as CRLF "." CRLF: an empty message needs the CRLF in front.
    private static readonly byte[] EmptyMessage = "\r\n.\r\n"u8.ToArray();

    private long _written;
    private long _discarded;
    private int _forwarded;
    private bool _tooBig;

    private string Domain => context.Options.Mailbox.Domain;

    /// <summary>Whether the connection is over: SmtpServer gets the end of input, and nothing more is written.</summary>
    public bool Ended { get; private set; }

    /// <summary>Ends the connection from this side (a failed TLS handshake).</summary>
    public void End() => Ended = true;

    /// <summary>Reads until there is a line for SmtpServer and writes it to <paramref name="lines"/>; false when the input is over.</summary>
    public async Task<bool> PullAsync(PipeWriter lines)
    {
        while (!Ended)
        {
            // Replies held for a pipelining client go out before a read that would wait for its next command.
            await replies.FlushAsync().ConfigureAwait(false);
            var pulled = session.InData ? await MessageLineAsync(lines).ConfigureAwait(false) : await CommandLineAsync(lines).ConfigureAwait(false);
            if (pulled)
            {
                return true;
            }
        }

        return false;
    }

    private async Task<bool> CommandLineAsync(PipeWriter lines)
    {
        var read = await connection.ReadLineAsync(context.Options.MaxCommandBytes).ConfigureAwait(false);
        switch (read.Status)
        {
            case LineStatus.Line:
                var outcome = CommandScreen.Screen(Encoding.UTF8.GetString(read.Bytes), session, context, connection.IsTls);
                if (outcome.Forward is { } forward)
                {
                    lines.Write(Encoding.UTF8.GetBytes(forward));
                    lines.Write(CrLf);
                    return true;
                }

                await ReplyAsync(outcome.Reply!).ConfigureAwait(false);
                return false;
            case LineStatus.TooLong:
                await ReplyAsync(SmtpReplies.LineTooLong).ConfigureAwait(false);
                return false;
            default:
                await EndAsync(read.Status).ConfigureAwait(false);
                return false;
        }
    }

    // The message's lines (RFC 5321 section 4.5.2): the next one, waited for, and then every whole line the client has
    // already sent, up to the message's end, so that SmtpServer looks for the end once per pull and not once per
    // line. Each is counted as it will be stored: unstuffed, with its CRLF.
    private async Task<bool> MessageLineAsync(PipeWriter lines)
    {
        var hardCap = 2L * context.Options.MaxMessageBytes;
        var read = await connection.ReadLineAsync(MessageLineLimit(), maxDiscard: hardCap).ConfigureAwait(false);
        if (read.Status is not (LineStatus.Line or LineStatus.TooLong or LineStatus.Overflow))
        {
            await EndAsync(read.Status).ConfigureAwait(false);
            return false;
        }

        var pulled = false;
        while (true)
        {
            pulled |= Take(lines, read);
            if (_written + _discarded > hardCap)
            {
                await FinalAsync(SmtpReplies.MessageFarTooBig).ConfigureAwait(false);
                return false;
            }

            if (!session.InData || !connection.TryReadBufferedLine(MessageLineLimit(), out var next))
            {
                return pulled;
            }

            read = new LineRead(LineStatus.Line, next, 0);
        }
    }

    // A line may be one octet longer on the wire than in the message (the stuffed dot), and the final ".CRLF" must
    // get through even when the message is exactly as big as allowed.
    private int MessageLineLimit() => _tooBig ? DiscardLineBytes : (int)Math.Max(context.Options.MaxMessageBytes - _written + 1, 3);

    // One line of the message: passed on (true), or counted and thrown away with the rest of a message over the limit.
    private bool Take(PipeWriter lines, LineRead read)
    {
        switch (read.Status)
        {
            case LineStatus.Line when DotStuffing.IsTerminator(read.Bytes):
                lines.Write(_forwarded == 0 ? EmptyMessage : Terminator);
                session.Framing = new MessageFraming(_forwarded, _tooBig);
                session.InData = false;
                (_written, _discarded, _forwarded, _tooBig) = (0, 0, 0, false);
                return true;
            case LineStatus.Line when !_tooBig && _written + DotStuffing.Unstuff(read.Bytes).Length + 2 <= context.Options.MaxMessageBytes:
                Forward(lines, read.Bytes);
                return true;
            case LineStatus.Line:
                _tooBig = true;
                _discarded += read.Bytes.Length + 2;
                return false;
            default:
                _tooBig = true;
                _discarded += read.Discarded;
                return false;
        }
    }

    // SmtpServer un-stuffs only a ".." after a CRLF it holds: the first line, and a line with a single leading dot
    // (which RFC 5321 section 4.5.2 also un-stuffs), are un-stuffed here; a later "..", left to SmtpServer.
    private void Forward(PipeWriter lines, byte[] line)
    {
        var unstuffed = DotStuffing.Unstuff(line);
        ReadOnlySpan<byte> passOn = _forwarded > 0 && line.AsSpan().StartsWith(".."u8) ? line : unstuffed;
        lines.Write(passOn);
        lines.Write(CrLf);
        _written += unstuffed.Length + 2;
        _forwarded++;
    }

    private async Task ReplyAsync(string reply)
    {
        if (!await replies.WriteLineAsync(reply).ConfigureAwait(false))
        {
            Ended = true;
        }
    }

    private Task EndAsync(LineStatus status) => FinalAsync(status switch
    {
        LineStatus.Overflow => SmtpReplies.LineFarTooLong,
        LineStatus.ShuttingDown => SmtpReplies.ShuttingDown(Domain),
        LineStatus.IdleTimeout => SmtpReplies.Idle(Domain),
        _ => null,
    });

    private async Task FinalAsync(string? reply)
    {
        Ended = true;
        await replies.CloseAsync(reply).ConfigureAwait(false);
    }
}
