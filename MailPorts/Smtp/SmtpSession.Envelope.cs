using System.Globalization;
using Maildriver.MailPorts.LineProtocol;

namespace Maildriver.MailPorts.Smtp;

/// <summary>
/// MAIL and RCPT: the envelope of a mail transaction. The sender must be the authenticated user; recipients are
/// Maildriver users and lists, addressed by name or as <c>name@mail domain</c> (see <see cref="Addresses.LocalMailbox"/>).
/// </summary>
internal sealed partial class SmtpSession
{
    private readonly List<string> _recipients = [];
    private string? _sender;

    private void ResetTransaction()
    {
        _sender = null;
        _recipients.Clear();
    }

    private async Task MailAsync(SmtpCommand command)
    {
        var max = Context.Options.MaxMessageBytes;
        if (!_greeted || _user is null || _sender is not null)
        {
            await ReplyAsync(!_greeted ? "503 5.5.1 Send EHLO first"
                : _user is null ? "530 5.7.0 Authentication required"
                : "503 5.5.1 Sender already given; RSET first").ConfigureAwait(false);
            return;
        }

        if (!SmtpPath.TryParse(command.Argument, "FROM:", out var path))
        {
            await ReplyAsync("501 5.5.4 Syntax: MAIL FROM:<address>").ConfigureAwait(false);
            return;
        }

        foreach (var (keyword, value) in path.Parameters)
        {
            if (MailParameterProblem(keyword, value, max) is { } problem)
            {
                await ReplyAsync(problem).ConfigureAwait(false);
                return;
            }
        }

        // RFC 6409 section 6.1: a submission server may insist the sender is the one who logged in.
        if (!Context.Options.Mailbox.TryGetName(path.Address, out var name) || name != _user)
        {
            await ReplyAsync($"553 5.7.1 Sender must be the authenticated user: {Context.Options.Mailbox.AddressOf(_user)}").ConfigureAwait(false);
            return;
        }

        _sender = name;
        await ReplyAsync("250 2.1.0 Sender OK").ConfigureAwait(false);
    }

    private async Task RecipientAsync(SmtpCommand command)
    {
        if (_sender is null)
        {
            await ReplyAsync("503 5.5.1 Need MAIL first").ConfigureAwait(false);
            return;
        }

        if (!SmtpPath.TryParse(command.Argument, "TO:", out var path) || path.Address.Length == 0)
        {
            await ReplyAsync("501 5.5.4 Syntax: RCPT TO:<address>").ConfigureAwait(false);
            return;
        }

        if (path.Parameters.Count > 0)
        {
            await ReplyAsync($"555 5.5.4 Unsupported parameter {path.Parameters.Keys.First()}").ConfigureAwait(false);
            return;
        }

        if (_recipients.Count >= Context.Options.MaxRecipients)
        {
            await ReplyAsync("452 4.5.3 Too many recipients").ConfigureAwait(false);
            return;
        }

        var mailbox = Context.Options.Mailbox;
        if (!mailbox.TryGetName(path.Address, out var name))
        {
            await ReplyAsync($"550 5.7.1 Relaying denied: this server delivers only to @{mailbox.Domain}").ConfigureAwait(false);
            return;
        }

        bool known;
        try
        {
            known = await isRecipient(name).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogUnavailable(ex);
            await ReplyAsync("451 4.3.0 Cannot look the recipient up now; try again later").ConfigureAwait(false);
            return;
        }

        if (!known)
        {
            await ReplyAsync($"550 5.1.1 No such user or list here: {path.Address}").ConfigureAwait(false);
            return;
        }

        _recipients.Add(name);
        await ReplyAsync("250 2.1.5 Recipient OK").ConfigureAwait(false);
    }

    private static string? MailParameterProblem(string keyword, string? value, long max) => keyword switch
    {
        "SIZE" => !long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var size) ? "501 5.5.4 Syntax: SIZE=octets"
            : size > max ? string.Create(CultureInfo.InvariantCulture, $"552 5.3.4 Message size exceeds the limit of {max} octets")
            : null,
        "BODY" => value is not null && (value.Equals("7BIT", StringComparison.OrdinalIgnoreCase) || value.Equals("8BITMIME", StringComparison.OrdinalIgnoreCase))
            ? null
            : "501 5.5.4 Syntax: BODY=7BIT or BODY=8BITMIME",
        "AUTH" => null, // RFC 4954 section 5: a submission server may ignore it
        _ => $"555 5.5.4 Unsupported parameter {keyword}",
    };
}
