using System.Buffers;
using System.Globalization;
using System.Text;
using Maildriver.MailPorts.LineProtocol;
using Maildriver.Grains.Server;

namespace Maildriver.MailPorts.Pop3;

/// <summary>The TRANSACTION state of RFC 1939 section 5: STAT, LIST, UIDL, RETR, TOP, DELE, RSET, NOOP.</summary>
internal sealed partial class Pop3Session
{
    private async Task<bool> TransactionAsync(Pop3Command command, Pop3Maildrop maildrop)
    {
        var args = command.Arguments;
        switch (command.Keyword)
        {
            case "STAT" when args.Count == 0:
                await ReplyAsync(Invariant($"+OK {maildrop.Count} {maildrop.Size}")).ConfigureAwait(false);
                break;
            case "LIST" when args.Count <= 1:
                await ScanListingAsync(maildrop, args, m => m.Size.ToString(CultureInfo.InvariantCulture), "scan listing").ConfigureAwait(false);
                break;
            case "UIDL" when args.Count <= 1:
                await ScanListingAsync(maildrop, args, m => m.Uidl, "unique-id listing").ConfigureAwait(false);
                break;
            case "RETR" when args.Count == 1:
                await RetrieveAsync(maildrop, args[0]).ConfigureAwait(false);
                break;
            case "TOP" when args.Count == 2:
                await TopAsync(maildrop, args[0], args[1]).ConfigureAwait(false);
                break;
            case "DELE" when args.Count == 1:
                await DeleteAsync(maildrop, args[0]).ConfigureAwait(false);
                break;
            case "RSET" when args.Count == 0:
                maildrop.Reset();
                await ReplyAsync(Invariant($"+OK maildrop has {maildrop.Count} messages ({maildrop.Size} octets)")).ConfigureAwait(false);
                break;
            case "NOOP" when args.Count == 0:
                await ReplyAsync("+OK").ConfigureAwait(false);
                break;
            case "STAT" or "LIST" or "UIDL" or "RETR" or "TOP" or "DELE" or "RSET" or "NOOP":
                await ReplyAsync($"-ERR wrong arguments for {command.Keyword}").ConfigureAwait(false);
                break;
            case "USER" or "PASS" or "APOP" or "AUTH" or "STLS":
                await ReplyAsync("-ERR already logged in").ConfigureAwait(false);
                break;
            default:
                await ReplyAsync("-ERR unknown command").ConfigureAwait(false);
                break;
        }

        return true;
    }

    // LIST and UIDL: one message with an argument, else every message not marked deleted as a multi-line reply.
    private async Task ScanListingAsync(Pop3Maildrop maildrop, IReadOnlyList<string> args, Func<Pop3Message, string> column, string what)
    {
        if (args.Count == 1)
        {
            await ReplyAsync(maildrop.TryFind(args[0], out var number, out var message, out var error)
                ? Invariant($"+OK {number} {column(message)}")
                : error).ConfigureAwait(false);
            return;
        }

        var reply = new StringBuilder(Invariant($"+OK {what} follows\r\n"));
        foreach (var (number, message) in maildrop.Live)
        {
            reply.Append(Invariant($"{number} {column(message)}\r\n"));
        }

        await ReplyAsync(reply.Append('.').ToString()).ConfigureAwait(false);
    }

    private async Task RetrieveAsync(Pop3Maildrop maildrop, string argument)
    {
        if (!maildrop.TryFind(argument, out _, out var message, out var error))
        {
            await ReplyAsync(error).ConfigureAwait(false);
            return;
        }

        await MarkReadAsync(message).ConfigureAwait(false);
        await SendMultiLineAsync(Invariant($"+OK {message.Size} octets"), message.Message).ConfigureAwait(false);
    }

    private async Task TopAsync(Pop3Maildrop maildrop, string argument, string lines)
    {
        if (!maildrop.TryFind(argument, out _, out var message, out var error))
        {
            await ReplyAsync(error).ConfigureAwait(false);
            return;
        }

        if (!int.TryParse(lines, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            await ReplyAsync("-ERR the number of lines must be a non-negative number").ConfigureAwait(false);
            return;
        }

        await SendMultiLineAsync("+OK top of message follows", message.Top(count)).ConfigureAwait(false);
    }

    private async Task DeleteAsync(Pop3Maildrop maildrop, string argument)
    {
        if (!maildrop.TryFind(argument, out var number, out _, out var error))
        {
            await ReplyAsync(error).ConfigureAwait(false);
            return;
        }

        maildrop.Delete(number);
        await ReplyAsync(Invariant($"+OK message {number} deleted")).ConfigureAwait(false);
    }

    // RETR shows the letter as a reader does, so it is marked read on every machine. A failure here does not keep
    // the user from the letter: it is logged, and the letter stays unread.
    private async Task MarkReadAsync(Pop3Message message)
    {
        if (message.Read)
        {
            return;
        }

        try
        {
            await Context.Server.Read(_token!, message.LetterId).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            MailPortsLog.NotMarkedRead(Context.Logger, message.LetterId, ex.Message);
        }
    }

    private async Task SendMultiLineAsync(string status, ReadOnlyMemory<byte> text)
    {
        var output = new ArrayBufferWriter<byte>(text.Length + 64);
        output.Write(Encoding.ASCII.GetBytes(status + "\r\n"));
        DotStuffing.Encode(text.Span, output);
        await Connection.WriteAsync(output.WrittenMemory).ConfigureAwait(false);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
