using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Maildriver.Grains.Diagnostics;
using Maildriver.Grains.Inbox;
using Maildriver.Grains.Server;
using Maildriver.Tests.Grains.Protocol;
using Maildriver.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Maildriver.Tests.Dashboard;

/// <summary>The silo's own call counters behind the page's grain section, and their instruments.</summary>
public sealed class DashboardMetricsTests
{
    [Fact]
    public async Task EveryCallIsPublishedOnTheMaildriverMeterWithItsGrainTypeAndMethod()
    {
        var seen = new ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SiloMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => seen.Enqueue((instrument.Name, value, ToDictionary(tags))));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => seen.Enqueue((instrument.Name, value, ToDictionary(tags))));
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => seen.Enqueue((instrument.Name, value, ToDictionary(tags))));
        listener.Start();

        // The inbox of a user nobody else asks about: the test's calls are the only ones it gets.
        await using var mail = await MailTestCluster.StartAsync(machines: 2);
        var inbox = mail.Cluster.GetSilo("MD1").GrainFactory.GetGrain<IInboxGrain>("MD2/meter");
        await inbox.Poll();
        await inbox.Poll();

        bool IsPoll((string Instrument, double Value, Dictionary<string, object?> Tags) m)
            => m.Tags.GetValueOrDefault("grain.type") as string == "InboxGrain" && m.Tags.GetValueOrDefault("grain.method") as string == "Poll"
               && m.Tags.GetValueOrDefault("silo") as string == "MD2";
        Assert.Equal(2, seen.Where(m => m.Instrument == "maildriver.grain.calls" && IsPoll(m)).Sum(m => m.Value));
        Assert.Equal(2, seen.Count(m => m.Instrument == "maildriver.grain.call.duration" && IsPoll(m) && m.Value > 0));
        Assert.DoesNotContain(seen, m => m.Instrument == "maildriver.grain.errors" && IsPoll(m));

        // Activations are counted every few seconds of the silo's clock (ActivationCensus), not at each call.
        await WaitFor.ConditionAsync(
            () =>
            {
                listener.RecordObservableInstruments();
                return seen.Any(m => m.Instrument == "maildriver.grain.activations" && m.Tags.GetValueOrDefault("silo") as string == "MD2"
                                     && m.Tags.GetValueOrDefault("grain.type") as string == "InboxGrain" && m.Value == 1);
            },
            because: "MD2's one inbox activation published");
    }

    [Fact]
    public async Task TheSilosMetricsRunOnTheGrainClock()
    {
        await using var clock = new SteppedClock();
        await using var mail = await MailTestCluster.StartAsync(machines: 2, time: clock.Time);
        var metrics = mail.Cluster.GetSilo("MD2").Services.GetRequiredService<SiloMetrics>();

        // Paused, a report is dated by the grain clock, not by the wall clock, and moves only with it.
        await clock.PauseAsync();
        var before = metrics.Report(TimeSpan.FromMinutes(1));
        Assert.Equal(clock.Time.GetUtcNow(), before.Time);
        await clock.StepAsync(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1));
        Assert.Equal(before.Time + TimeSpan.FromSeconds(5), metrics.Report(TimeSpan.FromMinutes(1)).Time);
        clock.Resume();
    }

    [Fact]
    public void TheSiloReportsRatesQuantilesAndHistoryFromItsOwnCountersOnItsClock()
    {
        // The sampler and the counters alone, on a clock only the test moves: what a silo's SiloMetrics does with
        // the calls its CallMetricsFilter hands it (the cluster tests above check that the filter does).
        var time = new ManualTimeProvider();
        using var metrics = new SiloMetrics("MD1", time, () => [], enabled: true);
        metrics.Start();
        for (var i = 0; i < 50; i++)
        {
            metrics.EndCall(typeof(InboxGrain), "Get", metrics.StartCall(), failed: false);
        }

        // Totals are there at once, without waiting for a sample.
        var report = metrics.Report(TimeSpan.FromMinutes(1));
        var get = report.Methods.Single(m => m.Grain == "InboxGrain" && m.Method == "Get");
        Assert.Equal(50, get.TotalCalls);
        Assert.Equal(50, get.Calls);
        Assert.Equal(50, get.Latency.Values.Sum());

        // Five sampled seconds make one history point: 50 calls in 5 s.
        for (var s = 0; s < 5; s++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
        }

        var point = Assert.Single(metrics.Report(TimeSpan.FromMinutes(1)).History);
        Assert.Equal(10, point.CallsPerSecond, precision: 6);
        Assert.Equal(0, point.ErrorsPerSecond);

        // A minute later the window holds no call, while the totals keep them.
        for (var s = 0; s < 65; s++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
        }

        get = metrics.Report(TimeSpan.FromMinutes(1)).Methods.Single(m => m.Method == "Get");
        Assert.Equal(0, get.Calls);
        Assert.Equal(50, get.TotalCalls);
        Assert.Equal(0, get.CallsPerSecond);
        Assert.Equal(0, get.P99Ms);
    }

    [Fact]
    public void LatencyBucketsAreOrderedAndQuantilesLandWithinABucketOfTheTruth()
    {
        var last = -1;
        for (long ns = 1; ns < 200_000_000_000; ns = (ns * 11 / 10) + 1)
        {
            var index = LatencyBuckets.IndexOf(ns);
            Assert.True(index >= last, $"{ns} ns went to bucket {index} after {last}");
            Assert.InRange(ns, LatencyBuckets.LowerBoundNs(index), LatencyBuckets.UpperBoundNs(index));
            last = index;
        }

        Assert.Equal(LatencyBuckets.Count - 1, last);

        // 1 ms to 100 ms evenly: the median is about 50.5 ms, the 99th percentile about 99 ms.
        var counts = new Dictionary<int, long>();
        for (var ms = 1; ms <= 100; ms++)
        {
            var index = LatencyBuckets.IndexOf(ms * 1_000_000L);
            counts[index] = counts.GetValueOrDefault(index) + 1;
        }

        Assert.InRange(LatencyBuckets.QuantileMs(counts, 0.5), 50.5 / 1.125, 50.5 * 1.125);
        Assert.InRange(LatencyBuckets.QuantileMs(counts, 0.99), 99 / 1.125, 99 * 1.125);
        Assert.Equal(0, LatencyBuckets.QuantileMs([], 0.5));
    }

    private static Dictionary<string, object?> ToDictionary(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in tags)
        {
            result[key] = value;
        }

        return result;
    }
}
