using Maildriver.Grains.Dashboard;
using Maildriver.Grains.Protocol;
using Maildriver.Grains.Server;
using Maildriver.Grains.Storage;

using Microsoft.Extensions.Logging;

namespace Maildriver.Silo.Dashboard;

/// <summary>
/// Compares the replicas' digests now and then. A digest reads every letter a machine holds, so it is never taken
/// on every refresh: only once the cluster has been quiet for a while (the Master reported no live work at every
/// refresh for <see cref="QuietFor"/>, so the replicas ought to agree and the reads are unlikely to land on a load
/// that merely paused), and only when the mail figures changed since the last comparison or a minute has passed. A
/// comparison that finds a difference is repeated at the next quiet moment, since a letter sent in between can make one;
/// only a difference found twice in a row is one to look into. Every machine that does not take part is named in
/// the round with the reason, so a round that agrees without it is never mistaken for a verified cluster.
/// </summary>
internal sealed partial class DigestWatch(IGrainFactory grains, TimeProvider time, ILogger logger)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MinimumGap = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan MaximumAge = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long the cluster must have been quiet before a comparison starts. A digest reads every letter on every
    /// machine at once: started at the first quiet refresh, it ran into the sends that followed a short pause (in
    /// the benchmark, the second before each window with the pages open; how much of that window's loss it was is
    /// not known).
    /// </summary>
    public static readonly TimeSpan QuietFor = TimeSpan.FromSeconds(5);

    // Longer than the pages' refresh (1.5 s) and the collector's one snapshot a second, with room for a slow one.
    private static readonly TimeSpan ObservationGap = TimeSpan.FromSeconds(4);

    private readonly Lock _lock = new();
    private Round? _last;
    private Round? _previous;
    private bool _running;
    private DateTimeOffset _lastStart = DateTimeOffset.MinValue;
    private DateTimeOffset? _quietSince;
    private DateTimeOffset _lastObserved = DateTimeOffset.MinValue;

    /// <summary>The last finished comparison and the one before it.</summary>
    public (Round? Last, Round? Previous) Rounds
    {
        get
        {
            lock (_lock)
            {
                return (_last, _previous);
            }
        }
    }

    /// <summary>
    /// Starts a comparison in the background if the cluster is quiet and the last one is out of date.
    /// <paramref name="figures"/> are the live machines' mail figures now; <paramref name="left"/> are the other
    /// configured machines, with why they cannot take part.
    /// </summary>
    public void Observe(int? liveWork, IReadOnlyDictionary<string, MailStoreStats> figures, IReadOnlyList<UncheckedMachine> left)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            // Quiet is only known where it was seen: a long gap between refreshes (no page open) may have hidden
            // sends, so the quiet is counted afresh from the first refresh after one.
            var seenThrough = now - _lastObserved <= ObservationGap;
            _lastObserved = now;
            if (liveWork != 0)
            {
                _quietSince = null;
                return;
            }

            _quietSince = seenThrough ? _quietSince ?? now : now;
            if (now - _quietSince < QuietFor || figures.Count == 0 || _running || now - _lastStart < MinimumGap)
            {
                return;
            }

            // A first difference is checked again at once; one seen twice in a row waits like an agreement does.
            var recheck = _last?.Agree is false && _previous?.Agree is not false;
            var due = _last is null || recheck || now - _last.At > MaximumAge || !SameFigures(_last.Figures, figures);
            if (!due)
            {
                return;
            }

            _running = true;
            _lastStart = now;
        }

        _ = CompareAsync(figures, left, now);
    }

    /// <summary>
    /// Whether the live machines' <paramref name="figures"/> still match those of a comparison's: every live machine
    /// took part and holds what it held then. A machine that has died since changes nothing.
    /// </summary>
    public static bool SameFigures(IReadOnlyDictionary<string, MailStoreStats> round, IReadOnlyDictionary<string, MailStoreStats> figures)
        => figures.All(f => round.TryGetValue(f.Key, out var then) && then == f.Value);

    private async Task CompareAsync(IReadOnlyDictionary<string, MailStoreStats> figures, IReadOnlyList<UncheckedMachine> left, DateTimeOffset startedAt)
    {
        try
        {
            var answers = await Task.WhenAll(figures.Keys.Select(TakeAsync));
            var taken = answers.Select(a => a.Digest).OfType<ReplicaDigest>().ToDictionary(d => d.Machine, StringComparer.Ordinal);
            var missed = answers.Select(a => a.Missed).OfType<UncheckedMachine>();
            var agree = taken.Count > 0 ? taken.Values.Select(d => d.Digest).Distinct(StringComparer.Ordinal).Count() == 1 : (bool?)null;
            var round = new Round(startedAt, taken, figures, agree, [.. left, .. missed]);
            if (round.Agree is false)
            {
                LogDisagree(logger, string.Join(", ", taken.Values.Select(d => $"{d.Machine}={d.Digest[..12]}")));
            }

            lock (_lock)
            {
                _previous = _last;
                _last = round;
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogFailed(logger, ex);
        }
        finally
        {
            lock (_lock)
            {
                _running = false;
            }
        }
    }

    private async Task<(ReplicaDigest? Digest, UncheckedMachine? Missed)> TakeAsync(string machine)
    {
        try
        {
            return (await grains.GetGrain<IMachineMonitorGrain>(machine).Digest().WaitAsync(Patience, time), null);
        }
        catch (SiloUnavailableException)
        {
            return (null, new UncheckedMachine(machine, UncheckedReasons.Unreachable));
        }
        catch (TimeoutException)
        {
            return (null, new UncheckedMachine(machine, UncheckedReasons.TimedOut));
        }
    }

    /// <summary>One comparison.</summary>
    /// <param name="At">When it started.</param>
    /// <param name="Digests">The digests of the machines that answered.</param>
    /// <param name="Figures">The machines' mail figures when it started.</param>
    /// <param name="Agree">Whether the digests taken were all equal; null when none answered. Says nothing of the machines in <paramref name="Unchecked"/>.</param>
    /// <param name="Unchecked">The configured machines that took no part, and why.</param>
    public sealed record Round(
        DateTimeOffset At,
        IReadOnlyDictionary<string, ReplicaDigest> Digests,
        IReadOnlyDictionary<string, MailStoreStats> Figures,
        bool? Agree,
        IReadOnlyList<UncheckedMachine> Unchecked)
    {
        /// <summary>Every configured machine took part and all agreed.</summary>
        public bool Verified => Agree is true && Unchecked.Count == 0;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Dashboard: the replicas' digests differ while the cluster is quiet: {Digests}")]
    private static partial void LogDisagree(ILogger logger, string digests);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dashboard: comparing the replicas' digests failed")]
    private static partial void LogFailed(ILogger logger, Exception error);
}
