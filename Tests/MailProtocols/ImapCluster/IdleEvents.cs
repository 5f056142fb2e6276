using System.Threading.Channels;
using MailKit;
using Xunit.Sdk;

namespace Maildriver.Tests.MailProtocols.ImapCluster;

/// <summary>
/// What MailKit reports of an open folder's untagged responses (EXISTS, FETCH of flags, EXPUNGE) while it idles,
/// as lines ("count 2", "flags 0 Flagged uid 7", "expunged 0") a test waits for in order.
/// </summary>
public sealed class IdleEvents
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly Channel<string> _events = Channel.CreateUnbounded<string>();
    private readonly List<string> _seen = [];

    public IdleEvents(IMailFolder folder)
    {
        folder.CountChanged += (_, _) => _events.Writer.TryWrite($"count {folder.Count}");
        folder.MessageFlagsChanged += (_, e) => _events.Writer.TryWrite($"flags {e.Index} {e.Flags} uid {e.UniqueId?.Id}");
        folder.MessageExpunged += (_, e) => _events.Writer.TryWrite($"expunged {e.Index}");
    }

    /// <summary>Waits for the next event that starts with <paramref name="prefix"/>, skipping others; returns it.</summary>
    public async Task<string> NextAsync(string prefix)
    {
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            while (true)
            {
                var next = await _events.Reader.ReadAsync(timeout.Token);
                _seen.Add(next);
                if (next.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return next;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new XunitException($"no \"{prefix}…\" event within {Patience.TotalSeconds:0} s; seen: [{string.Join("; ", _seen)}]");
        }
    }
}
