using Maildriver.Clustering.Configuration;
using Maildriver.MailPorts.LineProtocol;
using Microsoft.Extensions.Options;

namespace Maildriver.Silo.MailPorts;

/// <summary>
/// Refuses <see cref="MailPortsOptions"/> the mail ports cannot open with, each failure naming its <c>cluster.json</c>
/// field. Run when the silo starts (<c>ValidateOnStart</c>), before the machine writes anything.
/// </summary>
internal sealed class MailPortsOptionsValidator(ClusterConfig cluster) : IValidateOptions<MailPortsOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, MailPortsOptions options)
    {
        var failures = new FieldFailures();
        CheckPortsAreFree(options, failures);
        failures.Positive(options.IdleTimeout > TimeSpan.Zero, "mailPorts.idleTimeoutSeconds");
        failures.Positive(options.MaxConnections > 0, "mailPorts.maxConnections");
        failures.Positive(options.MaxRecipients > 0, "mailPorts.maxRecipients");
        if (options.MaxCommandBytes is < MailPortsOptions.MinCommandBytes or > MailPortsOptions.MaxCommandBytesCeiling)
        {
            failures.Add($"mailPorts.maxCommandBytes: must be from {MailPortsOptions.MinCommandBytes} to {MailPortsOptions.MaxCommandBytesCeiling}");
        }

        if (options.ImapIdleTimeout < MailPortsOptions.MinImapIdleTimeout)
        {
            failures.Add($"mailPorts.imapIdleTimeoutSeconds: must be at least {MailPortsOptions.MinImapIdleTimeout.TotalSeconds:0} (RFC 3501 section 5.4)");
        }

        if (options.ImapMaxLineBytes is < MailPortsOptions.MinImapLineBytes or > MailPortsOptions.ImapBytesCeiling)
        {
            failures.Add($"mailPorts.imapMaxLineBytes: must be from {MailPortsOptions.MinImapLineBytes} to {MailPortsOptions.ImapBytesCeiling}");
        }

        if (options.ImapMaxLiteralBytes is < 1 or > MailPortsOptions.ImapBytesCeiling)
        {
            failures.Add($"mailPorts.imapMaxLiteralBytes: must be from 1 to {MailPortsOptions.ImapBytesCeiling}");
        }

        if (options.ImapCacheBytes is < 0 or > MailPortsOptions.ImapCacheBytesCeiling)
        {
            failures.Add($"mailPorts.imapCacheBytes: must be from 0 to {MailPortsOptions.ImapCacheBytesCeiling}");
        }

        if (options.ImapDiskCacheBytes is < 0 or > MailPortsOptions.ImapDiskCacheBytesCeiling)
        {
            failures.Add($"mailPorts.imapDiskCacheBytes: must be from 0 to {MailPortsOptions.ImapDiskCacheBytesCeiling}");
        }

        return failures.Result;
    }

    // Every port must be free on its host: a POP3 port equal to some machine's gateway port would only fail later,
    // as "address already in use", without saying which field is wrong.
    private void CheckPortsAreFree(MailPortsOptions options, FieldFailures failures)
    {
        var taken = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < cluster.Machines.Count; i++)
        {
            var m = cluster.Machines[i];
            foreach (var (field, port) in (ReadOnlySpan<(string, int)>)[("siloPort", m.SiloPort), ("gatewayPort", m.GatewayPort), ("dashboardPort", m.DashboardPort)])
            {
                if (port > 0)
                {
                    taken.TryAdd($"{m.Host}:{port}", $"{MailPortsOptionsBinder.PathOf(i)}.{field}");
                }
            }
        }

        for (var i = 0; i < cluster.Machines.Count; i++)
        {
            var m = cluster.Machines[i];
            var ports = options.PortsOf(m.Name);
            foreach (var (field, port) in (ReadOnlySpan<(string, int)>)[("pop3Port", ports.Pop3), ("smtpPort", ports.Smtp), ("imapPort", ports.Imap)])
            {
                var endpoint = $"{m.Host}:{port}";
                if (port > 0 && !taken.TryAdd(endpoint, $"{MailPortsOptionsBinder.PathOf(i)}.{field}"))
                {
                    failures.Add($"{MailPortsOptionsBinder.PathOf(i)}.{field}: {endpoint} is already {taken[endpoint]}");
                }
            }
        }
    }
}
