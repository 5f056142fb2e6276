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

/// <summary>The figures outside the page: Prometheus text, the <c>Maildriver</c> meter, and the silo's own counters.</summary>
public sealed partial class DashboardMetricsTests
{
    [Fact]
    public async Task MetricsIsPrometheusTextWithCountersHistogramsAndTheClusterAsTheMasterSeesIt()
    {
        await using var dash = await DashboardCluster.StartAsync();
        await dash.AddUsersAsync("alice", "bob");
        var alice = await dash.LoginAsync("alice", "MD1");
        for (var i = 0; i < 7; i++)
        {
            await dash.Server("MD1").Send(alice, new SendRequest(["bob"], $"m {i}", "body", $"p-{i}"));
        }

        await dash.QuietAsync();

        // Activations are counted every few seconds of the silo (ActivationCensus), not at each call: wait for the
        // Master's to be counted before reading the page.
        var text = "";
        await WaitFor.ConditionAsync(
            async () =>
            {
                using var response = await dash.Http("MD1").GetAsync("/metrics");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
                text = await response.Content.ReadAsStringAsync();
                return text.Contains("maildriver_grain_activations{silo=\"MD1\",grain=\"MasterGrain\"}", StringComparison.Ordinal);
            },
            because: "the Master's activation counted");

        // Every line is a comment or a sample; every family is declared once, before its samples.
        var declared = new HashSet<string>(StringComparer.Ordinal);
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                Assert.True(declared.Add(line.Split(' ')[2]), $"declared twice: {line}");
                continue;
            }

            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                continue;
            }

            var match = SampleLine().Match(line);
            Assert.True(match.Success, $"not a Prometheus sample: {line}");
            var name = match.Groups["name"].Value;
            Assert.Contains(declared, family => name == family || name.StartsWith(family + "_", StringComparison.Ordinal));
            samples[match.Groups["series"].Value] = double.Parse(match.Groups["value"].Value.Replace("+Inf", "Infinity", StringComparison.Ordinal), CultureInfo.InvariantCulture);
        }

        const string send = "silo=\"MD1\",grain=\"MailServerGrain\",method=\"Send\"";
        Assert.Equal(7, samples[$"maildriver_grain_calls_total{{{send}}}"]);
        Assert.Equal(0, samples[$"maildriver_grain_errors_total{{{send}}}"]);
        Assert.Equal(7, samples[$"maildriver_grain_call_duration_seconds_count{{{send}}}"]);
        Assert.Equal(7, samples[$"maildriver_grain_call_duration_seconds_bucket{{{send},le=\"+Inf\"}}"]);
        Assert.True(samples[$"maildriver_grain_call_duration_seconds_sum{{{send}}}"] > 0);
        var buckets = samples.Where(s => s.Key.StartsWith($"maildriver_grain_call_duration_seconds_bucket{{{send},", StringComparison.Ordinal)).Select(s => s.Value).ToList();
        Assert.True(buckets.Count > 10);
        Assert.Equal(buckets.Order(), buckets);
        Assert.True(samples[$"maildriver_grain_call_p99_seconds{{{send}}}"] >= samples[$"maildriver_grain_call_p50_seconds{{{send}}}"]);
        Assert.Equal(1, samples["maildriver_grain_activations{silo=\"MD1\",grain=\"MasterGrain\"}"]);
        Assert.DoesNotContain(samples.Keys, k => k.Contains("silo=\"MD2\"", StringComparison.Ordinal));

        Assert.Equal(7, samples["maildriver_mail_letters{machine=\"MD1\"}"]);
        Assert.Equal(3, samples["maildriver_mail_users{machine=\"MD1\"}"]);
        Assert.Equal(1, samples["maildriver_cluster_machine_is_master{machine=\"MD1\"}"]);
        Assert.Equal(1, samples["maildriver_cluster_machine_up{machine=\"MD3\"}"]);
        Assert.Equal(0, samples["maildriver_cluster_pending_sends"]);
        Assert.True(samples["maildriver_cluster_epoch"] >= 1);
    }

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

    [Fact]
    public void PrometheusTextGroupsFamiliesAndEscapesLabels()
    {
        var page = new PrometheusWriter();
        page.Gauge("a_gauge", "first", 1, ("x", "1"));
        page.Counter("b_total", "second", 2, ("quote", "say \"hi\"\\\n"));
        page.Gauge("a_gauge", "first", 3, ("x", "2"));
        Assert.Equal(
            "# HELP a_gauge first\n# TYPE a_gauge gauge\na_gauge{x=\"1\"} 1\na_gauge{x=\"2\"} 3\n"
            + "# HELP b second\n# TYPE b counter\nb_total{quote=\"say \\\"hi\\\"\\\\\\n\"} 2\n",
            page.ToString());
        Assert.Throws<ArgumentException>(() => page.Counter("no_suffix", "bad", 1));
        Assert.Throws<InvalidOperationException>(() => page.Counter("a_gauge_total", "clash", 1));
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

    [GeneratedRegex("""^(?<series>(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{[a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*"(,[a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*")*\})?) (?<value>[-+]?(\d+(\.\d+)?([eE][-+]?\d+)?|Inf|NaN))$""")]
    private static partial Regex SampleLine();
}
