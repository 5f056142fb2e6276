using System.Collections.Concurrent;
using Maildriver.Grains.Dashboard;

namespace Maildriver.Grains.Diagnostics;

/// <summary>
/// What a silo measures about its grains: every call that runs here (from this silo, another silo or a client)
/// is counted per grain method with its outcome and latency, by the runtime around the call, with a few
/// interlocked increments and no lock. Once a second a sampler copies the totals, so reports can give rates and
/// quantiles over the last minute and a ten-minute history without asking any grain. Available to grains and to
/// the application as a service; also published on the <see cref="MeterName"/> meter.
/// </summary>
public sealed class SiloMetrics : IDisposable
{
    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/> name: <c>dotnet-counters monitor --counters Maildriver</c>.</summary>
    public const string MeterName = "Maildriver";

    /// <summary>The longest window a report can cover.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromSeconds(60);

    /// <summary>The time each point of the history covers.</summary>
    public static readonly TimeSpan HistoryInterval = TimeSpan.FromSeconds(5);

    /// <summary>How many history points are kept: ten minutes' worth.</summary>
    public const int HistoryLength = 120;

    private static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<(Type Grain, string Method), GrainMethodCounters> _methods = new();
    private readonly Func<IReadOnlyList<GrainActivationCount>> _activations;
    private readonly TimeProvider _time;
    private readonly double _nsPerTick;
    private readonly GrainCallInstruments _instruments;
    private readonly Lock _lock = new();
    private readonly Queue<Sample> _samples = new();
    private readonly Queue<MetricsPoint> _history = new();
    private Sample _latest;
    private Sample _lastPoint;
    private ITimer? _sampler;

    public SiloMetrics(string silo, TimeProvider time, Func<IReadOnlyList<GrainActivationCount>> activations, bool enabled)
    {
        Silo = silo;
        Enabled = enabled;
        _time = time;
        _activations = activations;
        _nsPerTick = 1e9 / time.TimestampFrequency;
        StartedAt = time.GetUtcNow();
        _latest = _lastPoint = new Sample(time.GetTimestamp(), StartedAt, []);
        _samples.Enqueue(_latest);
        _instruments = new GrainCallInstruments(silo, Activations);
    }

    /// <summary>The silo's name.</summary>
    public string Silo { get; }

    /// <summary>When the silo started.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>How long the silo has been running.</summary>
    public TimeSpan Uptime => _time.GetUtcNow() - StartedAt;

    /// <summary>Whether calls are measured (the silo option <c>callMetrics</c>).</summary>
    public bool Enabled { get; }

    /// <summary>Activations living on the silo now, per grain class, most first.</summary>
    public IReadOnlyList<GrainActivationCount> Activations()
        => _activations()
            .OrderByDescending(a => a.Count)
            .ThenBy(a => a.Grain, StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// The silo's figures: per-method totals, and rates and quantiles over the last <paramref name="window"/> (at
    /// most <see cref="MaxWindow"/>; less right after the silo started), with the history for charts.
    /// </summary>
    public SiloMetricsReport Report(TimeSpan window)
    {
        window = window > MaxWindow ? MaxWindow : window < SampleInterval ? SampleInterval : window;
        Sample now, baseline;
        List<MetricsPoint> history;
        lock (_lock)
        {
            now = TakeSample(_latest);

            // The window starts at the oldest sample inside it; the totals since then are read against it.
            baseline = _samples.FirstOrDefault(s => Elapsed(s, now) <= window + (SampleInterval / 2)) ?? _latest;
            history = [.. _history];
        }

        var seconds = Elapsed(baseline, now).TotalSeconds;
        var methods = now.Methods
            .Select(m => Describe(m.Key, m.Value, baseline.Methods.GetValueOrDefault(m.Key) ?? MethodSample.Zero, seconds))
            .OrderByDescending(m => m.CallsPerSecond)
            .ThenByDescending(m => m.TotalCalls)
            .ToList();
        return new SiloMetricsReport(Silo, StartedAt, now.Time, seconds, Activations(), methods, history, HistoryInterval.TotalSeconds);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _sampler?.Dispose();
        _instruments.Dispose();
    }

    /// <summary>Starts sampling once a second.</summary>
    public void Start()
        => _sampler ??= _time.CreateTimer(static s => ((SiloMetrics)s!).Tick(), this, SampleInterval, SampleInterval);

    /// <summary>The timestamp a call starts at (0 when calls are not measured).</summary>
    public long StartCall() => Enabled ? _time.GetTimestamp() : 0;

    /// <summary>Counts a call to <paramref name="method"/> of <paramref name="grainClass"/> that started at <paramref name="started"/>.</summary>
    public void EndCall(Type grainClass, string method, long started, bool failed)
    {
        if (!Enabled)
        {
            return;
        }

        var nanoseconds = (long)((_time.GetTimestamp() - started) * _nsPerTick);
        if (!_methods.TryGetValue((grainClass, method), out var counters))
        {
            counters = _methods.GetOrAdd((grainClass, method), static key => new GrainMethodCounters(key.Grain.Name, key.Method));
        }

        counters.Record(nanoseconds, failed);
        _instruments.Record(counters, nanoseconds, failed);
    }

    private void Tick()
    {
        lock (_lock)
        {
            var sample = TakeSample(_latest);
            _latest = sample;
            _samples.Enqueue(sample);
            while (_samples.Count > 1 && Elapsed(_samples.Peek(), sample) > MaxWindow + SampleInterval)
            {
                _samples.Dequeue();
            }

            if (Elapsed(_lastPoint, sample) >= HistoryInterval - (SampleInterval / 2))
            {
                _history.Enqueue(Point(_lastPoint, sample));
                _lastPoint = sample;
                while (_history.Count > HistoryLength)
                {
                    _history.Dequeue();
                }
            }
        }
    }

    private Sample TakeSample(Sample previous)
    {
        var methods = new Dictionary<GrainMethodCounters, MethodSample>(_methods.Count);
        foreach (var counters in _methods.Values)
        {
            // A method with no call since the last sample shares that sample's copy: samples cost memory in
            // proportion to activity, not to the number of methods.
            methods[counters] = previous.Methods.TryGetValue(counters, out var old) && old.Calls == counters.Calls ? old : counters.Sample();
        }

        return new Sample(_time.GetTimestamp(), _time.GetUtcNow(), methods);
    }

    private TimeSpan Elapsed(Sample from, Sample to) => _time.GetElapsedTime(from.Timestamp, to.Timestamp);

    private static GrainMethodReport Describe(GrainMethodCounters counters, MethodSample now, MethodSample then, double seconds)
    {
        var calls = now.Calls - then.Calls;
        var latency = Difference(now, then);
        return new GrainMethodReport(
            counters.Grain,
            counters.Method,
            now.Calls,
            now.Errors,
            calls,
            now.Errors - then.Errors,
            seconds > 0 ? calls / seconds : 0,
            calls > 0 ? (now.TotalNs - then.TotalNs) / 1e6 / calls : 0,
            LatencyBuckets.QuantileMs(latency, 0.5),
            LatencyBuckets.QuantileMs(latency, 0.99),
            latency);
    }

    private MetricsPoint Point(Sample from, Sample to)
    {
        var seconds = Elapsed(from, to).TotalSeconds;
        long calls = 0, errors = 0;
        var latency = new Dictionary<int, long>();
        foreach (var (counters, now) in to.Methods)
        {
            var then = from.Methods.GetValueOrDefault(counters) ?? MethodSample.Zero;
            if (ReferenceEquals(now, then))
            {
                continue;
            }

            calls += now.Calls - then.Calls;
            errors += now.Errors - then.Errors;
            foreach (var (index, count) in Difference(now, then))
            {
                latency[index] = latency.GetValueOrDefault(index) + count;
            }
        }

        return new MetricsPoint(
            to.Time,
            seconds > 0 ? calls / seconds : 0,
            seconds > 0 ? errors / seconds : 0,
            LatencyBuckets.QuantileMs(latency, 0.5),
            LatencyBuckets.QuantileMs(latency, 0.99));
    }

    private static Dictionary<int, long> Difference(MethodSample now, MethodSample then)
    {
        var result = new Dictionary<int, long>();
        if (ReferenceEquals(now, then))
        {
            return result;
        }

        for (var i = 0; i < now.Buckets.Length; i++)
        {
            var d = now.Buckets[i] - then.Buckets[i];
            if (d > 0)
            {
                result[i] = d;
            }
        }

        return result;
    }

    /// <summary>Every method's totals at one instant.</summary>
    private sealed record Sample(long Timestamp, DateTimeOffset Time, Dictionary<GrainMethodCounters, MethodSample> Methods);
}
