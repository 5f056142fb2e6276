using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace Maildriver.Grains.Telemetry;

/// <summary>
/// Maildriver's own figures on the <see cref="MeterName"/> meter, the ones only the protocol knows: acknowledged sends
/// and how long they took, deliveries per machine, each dead machine's catch-up list and the items it has been given
/// since, takeovers by a Lieutenant, the epoch, and the letters stored. Grain calls, activations and latencies per
/// method are Orleans's (its <c>Microsoft.Orleans</c> meter and the Orleans Dashboard), not measured again here.
/// Every measurement carries the <c>machine</c> it is about, so silos that share a process (tests) stay apart.
/// The counters are observed rather than added to, so that each series (deliveries and catch-up items for every
/// machine of the cluster) is there at 0 from the first scrape: Prometheus's <c>rate()</c> and <c>increase()</c>
/// count a step only from a sample before it, and a series that came into being with its first step (a takeover, a
/// returning machine's first catch-up batch) counted as nothing.
/// </summary>
public sealed class MaildriverMetrics
{
    /// <summary>The meter's name, for OpenTelemetry's <c>AddMeter</c> and <c>dotnet-counters --counters</c>.</summary>
    public const string MeterName = "Maildriver";

    /// <summary>How long a Master's catch-up figures stand without being reported again (a few caretaker ticks).</summary>
    public static readonly TimeSpan CatchUpFreshFor = TimeSpan.FromSeconds(10);

    // From a group-committed send on a quiet cluster (a few ms) to one that waited through a takeover (tens of s).
    private static readonly double[] AckBoundsSeconds = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private readonly string _machine;
    private readonly TimeProvider _time;
    private readonly LetterCount _letters;
    private readonly Histogram<double> _ackDuration;
    private readonly ConcurrentDictionary<string, StrongBox<long>> _deliveries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StrongBox<long>> _catchUpDone = new(StringComparer.Ordinal);
    private long _acknowledged;
    private long _failovers;
    private long _epoch = -1;
    private CatchUpFigures? _catchUp;

    /// <summary>
    /// Creates the instruments of machine <paramref name="machine"/> on a meter of <paramref name="meters"/>; the
    /// per-machine counters start at 0 for each of the cluster's <paramref name="machines"/>.
    /// </summary>
    public MaildriverMetrics(IMeterFactory meters, string machine, TimeProvider time, LetterCount letters, IEnumerable<string> machines)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(machines);
        _machine = machine;
        foreach (var name in machines)
        {
            _deliveries[name] = new StrongBox<long>();
            _catchUpDone[name] = new StrongBox<long>();
        }

        _time = time;
        _letters = letters;
        // The machine is also the meter's own tag: OpenTelemetry tells meters of one name apart by their tags, so when
        // silos share a process (tests) a stopped silo's meter takes only its own instruments with it.
        var meter = meters.Create(new MeterOptions(MeterName) { Tags = [new KeyValuePair<string, object?>("machine", machine)] });
        meter.CreateObservableCounter("maildriver.sends.acknowledged", ObserveAcknowledged, "{send}", "Sends acknowledged to a client by this machine's front door");
        _ackDuration = meter.CreateHistogram(
            "maildriver.send.ack.duration",
            "s",
            "Time from a send reaching the front door to its acknowledgement (two durable copies)",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = AckBoundsSeconds });
        meter.CreateObservableCounter("maildriver.deliveries", () => Observe(_deliveries), "{letter}", "Letters finished on a machine, as its Master counted them");
        meter.CreateObservableCounter("maildriver.catchup.done", () => Observe(_catchUpDone), "{request}", "Catch-up items a returning machine carried out");
        meter.CreateObservableCounter("maildriver.failovers", ObserveFailovers, "{takeover}", "Takeovers by a Lieutenant from a dead Master, counted by the new Master");

        meter.CreateObservableGauge("maildriver.catchup.pending", ObserveCatchUp, "{request}", "Requests on a dead or returning machine's catch-up list, as the Master reports it");
        meter.CreateObservableGauge("maildriver.epoch", ObserveEpoch, "{epoch}", "The epoch in this machine's view");
        meter.CreateObservableGauge("maildriver.letters.stored", ObserveLetters, "{letter}", "Letter bodies stored on this machine (once each, however many recipients)");
    }

    /// <summary>A send was acknowledged <paramref name="elapsed"/> after it reached the front door.</summary>
    public void SendAcknowledged(TimeSpan elapsed)
    {
        Interlocked.Increment(ref _acknowledged);
        _ackDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("machine", _machine));
    }

    /// <summary>The Master learnt that <paramref name="machine"/> finished a letter.</summary>
    public void Delivered(string machine) => Interlocked.Increment(ref Count(_deliveries, machine).Value);

    /// <summary>The Master learnt that returning <paramref name="machine"/> carried out <paramref name="count"/> items of its catch-up list.</summary>
    public void CatchUpDone(string machine, int count) => Interlocked.Add(ref Count(_catchUpDone, machine).Value, count);

    /// <summary>This machine's Master took over from a dead one.</summary>
    public void FailedOver() => Interlocked.Increment(ref _failovers);

    /// <summary>The Master's catch-up lists now: one entry per machine on the Dead Machine List (catching up included).</summary>
    public void ReportCatchUp(IReadOnlyDictionary<string, long> pending)
        => Volatile.Write(ref _catchUp, new CatchUpFigures(pending, _time.GetTimestamp()));

    /// <summary>This machine's view is now at <paramref name="epoch"/>.</summary>
    public void SetEpoch(long epoch) => Interlocked.Exchange(ref _epoch, epoch);

    private IEnumerable<Measurement<long>> ObserveCatchUp()
    {
        // Only a Master that still reports: a deposed or dead one's last figures must not linger as the truth.
        if (Volatile.Read(ref _catchUp) is not { } figures || _time.GetElapsedTime(figures.At) > CatchUpFreshFor)
        {
            return [];
        }

        return figures.Pending.Select(p => new Measurement<long>(p.Value, new KeyValuePair<string, object?>("machine", p.Key)));
    }

    // The cluster's machines are there from the start; another name (none is expected) gets its count when it comes.
    private static StrongBox<long> Count(ConcurrentDictionary<string, StrongBox<long>> counts, string machine)
        => counts.TryGetValue(machine, out var count) ? count : counts.GetOrAdd(machine, _ => new StrongBox<long>());

    private static IEnumerable<Measurement<long>> Observe(ConcurrentDictionary<string, StrongBox<long>> counts)
        => counts.Select(c => new Measurement<long>(Interlocked.Read(ref c.Value.Value), new KeyValuePair<string, object?>("machine", c.Key)));

    private Measurement<long> ObserveAcknowledged() => new(Interlocked.Read(ref _acknowledged), new KeyValuePair<string, object?>("machine", _machine));

    private Measurement<long> ObserveFailovers() => new(Interlocked.Read(ref _failovers), new KeyValuePair<string, object?>("machine", _machine));

    private IEnumerable<Measurement<long>> ObserveEpoch()
        => Interlocked.Read(ref _epoch) is var epoch and >= 0 ? [new Measurement<long>(epoch, new KeyValuePair<string, object?>("machine", _machine))] : [];

    private IEnumerable<Measurement<long>> ObserveLetters()
        => _letters.Latest() is { } count ? [new Measurement<long>(count, new KeyValuePair<string, object?>("machine", _machine))] : [];

    private sealed record CatchUpFigures(IReadOnlyDictionary<string, long> Pending, long At);
}
