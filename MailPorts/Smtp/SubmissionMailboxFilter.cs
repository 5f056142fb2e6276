using System.Globalization;
using Maildriver.MailPorts.LineProtocol;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Storage;

namespace Maildriver.MailPorts.Smtp;

/// <summary>
/// MAIL and RCPT, SmtpServer's <see cref="IMailboxFilter"/>: the sender must be the authenticated user (RFC 6409
/// section 6.1 lets a submission server insist), recipients are Maildriver users and lists, addressed as
/// <c>name@mail domain</c> (see <see cref="Addresses.LocalMailbox"/>) and looked up in the machine's store, so a bad
/// address is refused in the envelope and not after the message. Every refusal is thrown as Maildriver's reply;
/// SmtpServer's own is one 550 for all of them.
/// </summary>
internal sealed class SubmissionMailboxFilter(MailPortContext context, Func<string, Task<bool>> isRecipient) : IMailboxFilter
{
    /// <inheritdoc/>
    public Task<bool> CanAcceptFromAsync(ISessionContext session, IMailbox from, int size, CancellationToken cancellationToken)
    {
        var submission = SubmissionSession.Of(session);
        var max = context.Options.MaxMessageBytes;
        foreach (var (keyword, value) in submission.MailParameters)
        {
            if (MailParameterProblem(keyword.ToUpperInvariant(), value, max) is { } problem)
            {
                throw SmtpReplies.Refusal(problem);
            }
        }

        var mailbox = context.Options.Mailbox;
        if (submission.User is null || !mailbox.TryGetName(AddressOf(from), out var name) || name != submission.User)
        {
            throw SmtpReplies.Refusal($"553 5.7.1 Sender must be the authenticated user: {mailbox.AddressOf(submission.User ?? "you")}");
        }

        submission.SenderAccepted();
        return Task.FromResult(true);
    }

    /// <inheritdoc/>
    public async Task<bool> CanDeliverToAsync(ISessionContext session, IMailbox to, IMailbox from, CancellationToken cancellationToken)
    {
        var submission = SubmissionSession.Of(session);
        if (submission.Recipients.Count >= context.Options.MaxRecipients)
        {
            throw SmtpReplies.Refusal("452 4.5.3 Too many recipients");
        }

        var mailbox = context.Options.Mailbox;
        var address = AddressOf(to);
        if (!mailbox.TryGetName(address, out var name))
        {
            throw SmtpReplies.Refusal($"550 5.7.1 Relaying denied: this server delivers only to @{mailbox.Domain}");
        }

        bool known;
        try
        {
            known = await isRecipient(name).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            MailPortsLog.Unavailable(context.Logger, "SMTP", submission.Remote, ex);
            throw SmtpReplies.Refusal("451 4.3.0 Cannot look the recipient up now; try again later");
        }

        if (!known)
        {
            throw SmtpReplies.Refusal($"550 5.1.1 No such user or list here: {address}");
        }

        submission.AddRecipient(name);
        return true;
    }

    // The null path <> has no user: no Maildriver name.
    private static string AddressOf(IMailbox mailbox) => string.IsNullOrEmpty(mailbox.User) ? string.Empty : $"{mailbox.User}@{mailbox.Host}";

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
