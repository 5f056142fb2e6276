using System.Collections.Concurrent;
using Maildriver.Grains.Storage;
using Microsoft.Extensions.Logging;

namespace Maildriver.Grains.Server;

/// <summary>
/// The clients watching users' inboxes on this machine (one per silo: a client subscribes through the front door of
/// the machine it is connected to). When the store commits a change to a watched inbox, each of the user's observers
/// is told at once; an observer whose call fails is dropped (its client left or moved to another machine, where it
/// subscribes again), and one not renewed within <see cref="Lease"/> lapses.
/// </summary>
public sealed partial class MailboxWatchers
{
    /// <summary>How long a subscription lasts without being renewed (the reader renews it every poll interval).</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    private readonly ConcurrentDictionary<string, ConcurrentDictionary<IMailboxObserver, DateTimeOffset>> _watchers = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public MailboxWatchers(MailStore store, TimeProvider time, ILogger<MailboxWatchers> logger)
    {
        _time = time;
        _logger = logger;
        store.InboxesChanged += Notify;
    }

    /// <summary>
    /// Subscribes (or renews) <paramref name="observer"/> to <paramref name="user"/>'s inbox here; true when it was
    /// subscribed already and its lease had not run out (nothing was missed).
    /// </summary>
    public bool Add(string user, IMailboxObserver observer)
    {
        var now = _time.GetUtcNow();
        var renewed = false;
        _watchers.GetOrAdd(user, _ => new ConcurrentDictionary<IMailboxObserver, DateTimeOffset>())
            .AddOrUpdate(observer, _ => now + Lease, (_, until) =>
            {
                renewed = until >= now;
                return now + Lease;
            });
        return renewed;
    }

    /// <summary>How many observers watch <paramref name="user"/> now (for tests and the logs).</summary>
    public int Count(string user) => _watchers.TryGetValue(user, out var observers) ? observers.Count : 0;

    private void Notify(IReadOnlyCollection<string> users)
    {
        var now = _time.GetUtcNow();
        foreach (var user in users)
        {
            if (!_watchers.TryGetValue(user, out var observers))
            {
                continue;
            }

            foreach (var (observer, until) in observers)
            {
                if (until < now)
                {
                    observers.TryRemove(observer, out _);
                    continue;
                }

                _ = TellAsync(user, observers, observer);
            }
        }
    }

    private async Task TellAsync(string user, ConcurrentDictionary<IMailboxObserver, DateTimeOffset> observers, IMailboxObserver observer)
    {
        try
        {
            await observer.MailboxChanged();
        }
        catch (Exception ex)
        {
            // Gone or unreachable: a live client subscribes again (it renews on every poll interval).
            observers.TryRemove(observer, out _);
            LogDropped(_logger, user, ex.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Dropped a watcher of {User}'s inbox: {Reason}")]
    private static partial void LogDropped(ILogger logger, string user, string reason);
}
