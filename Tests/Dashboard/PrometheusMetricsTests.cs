using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Maildriver.Grains.Server;
using Maildriver.Tests.Support;

namespace Maildriver.Tests.Dashboard;

/// <summary>
/// <c>/metrics</c> on the dashboard port: Prometheus text from OpenTelemetry's exporter, with Orleans's meter, the .NET
/// runtime's and Maildriver's (acknowledged sends and their latency, deliveries per machine, a dead machine's catch-up
/// list and what it carried out on its return, takeovers, the epoch, letters stored), behind the administrator login.
/// </summary>
public sealed partial class PrometheusMetricsTests
{
    [Fact]
    public async Task MetricsCarryOrleansTheRuntimeAndMaildriversOwnFiguresFromSendsToCatchUpAndTakeover()
    {
        await using var dash = await DashboardCluster.StartAsync();
        await dash.AddUsersAsync("alice", "bob");
        var alice = await dash.LoginAsync("alice", "MD1");
        for (var i = 0; i < 7; i++)
        {
            await dash.Server("MD1").Send(alice, new SendRequest(["bob"], $"m {i}", "body", $"p-{i}"));
        }

        await dash.QuietAsync();

        // The letter count is read in the background when a scrape finds it stale: the first scrape may lack it.
        var samples = await WaitForSamplesAsync(dash, "MD1", s => Value(s, "maildriver_letters_stored", "MD1") == 7, "seven letters stored on MD1");
        Assert.Equal(7, Value(samples, "maildriver_sends_acknowledged_total", "MD1"));
        Assert.Equal(7, Value(samples, "maildriver_send_ack_duration_seconds_count", "MD1"));
        Assert.True(Value(samples, "maildriver_send_ack_duration_seconds_sum", "MD1") > 0);
        Assert.Equal(7, Value(samples, "maildriver_send_ack_duration_seconds_bucket", "MD1", "le=\"+Inf\""));
        foreach (var machine in (string[])["MD1", "MD2", "MD3"])
        {
            // Each machine finished the seven letters and the welcome-less user records are requests, not letters.
            Assert.Equal(7, Value(samples, "maildriver_deliveries_total", machine));
            Assert.True(Value(samples, "maildriver_epoch", machine) >= 1, $"no epoch for {machine}");
        }

        // Every counter is there at 0 before its first step, so that Prometheus's rate() and increase() count that step:
        // sends at a front door that took none yet, catch-up items for a machine that never died.
        Assert.Equal(0, Value(samples, "maildriver_sends_acknowledged_total", "MD2"));
        Assert.Equal(0, Value(samples, "maildriver_catchup_done_total", "MD3"));

        Assert.Contains(samples.Keys, k => k.StartsWith("orleans_", StringComparison.Ordinal));
        Assert.Contains(samples.Keys, k => k.StartsWith("dotnet_", StringComparison.Ordinal));
        Assert.DoesNotContain(samples.Keys, k => Name(k) == "maildriver_catchup_pending");

        // A dead machine's catch-up list grows with every letter sent meanwhile, and empties into it on its return.
        await dash.Cluster.KillSiloAsync("MD3");
        await dash.WaitForJsonAsync("MD1", "/api/cluster", c => c.GetProperty("machines").EnumerateArray().Single(m => m.GetProperty("name").GetString() == "MD3").GetProperty("state").GetString() == "dead", "MD3 dead");
        for (var i = 0; i < 4; i++)
        {
            await dash.Server("MD1").Send(alice, new SendRequest(["bob"], $"while MD3 is dead {i}", "body", $"dead-{i}"));
        }

        await WaitForSamplesAsync(dash, "MD1", s => Value(s, "maildriver_catchup_pending", "MD3") == 4, "four items on MD3's catch-up list");
        await dash.Cluster.StartSiloAsync("MD3");
        samples = await WaitForSamplesAsync(
            dash, "MD1", s => Value(s, "maildriver_catchup_done_total", "MD3") >= 4 && Value(s, "maildriver_catchup_pending", "MD3") is null, "MD3 caught up");
        Assert.Equal(11, Value(samples, "maildriver_deliveries_total", "MD3"));
        // There at 0 before any takeover, so that Prometheus's increase() counts the first one.
        Assert.Equal(0, Value(samples, "maildriver_failovers_total", "MD2"));

        // The Master dies: its Lieutenant takes over and counts it, in a newer epoch.
        var epoch = Value(samples, "maildriver_epoch", "MD2")!.Value;
        await dash.Cluster.KillSiloAsync("MD1");
        samples = await WaitForSamplesAsync(dash, "MD2", s => Value(s, "maildriver_failovers_total", "MD2") == 1, "MD2's takeover counted", TimeSpan.FromSeconds(30));
        Assert.True(Value(samples, "maildriver_epoch", "MD2") > epoch, "the takeover did not raise MD2's epoch");
    }

    [Fact]
    public async Task WithoutAnAdministratorsCredentialsTheMetricsAndTheOrleansDashboardAreClosed()
    {
        await using var dash = await DashboardCluster.StartAsync(machines: 2);
        await dash.AddUsersAsync("alice");
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var anonymous = new HttpClient(handler) { BaseAddress = dash.BaseAddress("MD1") };

        // Routes match without regard to case: so does the gate.
        foreach (var path in (string[])["/metrics", "/orleans/DashboardCounters", "/orleans/ClusterStats", "/orleans/Trace", "/orleans/GrainTypes", "/orleans/index.min.js", "/ORLEANS/Trace", "/Orleans/DashboardCounters", "/METRICS"])
        {
            using var refused = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        using (var metrics = await anonymous.GetAsync("/metrics"))
        {
            Assert.Equal("Basic", metrics.Headers.WwwAuthenticate.Single().Scheme);
        }

        // A browser without a session is sent to the login form, never shown the Orleans Dashboard.
        using (var page = new HttpRequestMessage(HttpMethod.Get, "/orleans/"))
        {
            page.Headers.Accept.ParseAdd("text/html,application/xhtml+xml");
            using var response = await anonymous.SendAsync(page);
            Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
            Assert.Equal("/login", response.Headers.Location?.OriginalString);
        }

        // A wrong password, and a user who is not an administrator, are refused like no credentials at all.
        foreach (var (user, password) in (ValueTuple<string, string>[])[("admin", "not-it"), ("alice", "alice-pw")])
        {
            foreach (var path in (string[])["/metrics", "/orleans/", "/orleans/Trace"])
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
                using var response = await anonymous.SendAsync(request);
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            }
        }

        // The administrator gets Prometheus text and the Orleans Dashboard's page and data.
        using (var metrics = await dash.Http("MD1").GetAsync("/metrics"))
        {
            Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
            Assert.Equal("text/plain", metrics.Content.Headers.ContentType?.MediaType);
        }

        using (var orleans = await dash.Http("MD1").GetAsync("/orleans/"))
        {
            Assert.Equal(HttpStatusCode.OK, orleans.StatusCode);
            Assert.Contains("index.min.js", await orleans.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var counters = await dash.Http("MD1").GetAsync("/orleans/DashboardCounters"))
        {
            Assert.Equal(HttpStatusCode.OK, counters.StatusCode);
            Assert.Equal("application/json", counters.Content.Headers.ContentType?.MediaType);
        }
    }

    /// <summary>Scrapes <paramref name="machine"/>'s <c>/metrics</c> until <paramref name="condition"/> holds; every line must parse.</summary>
    private static async Task<Dictionary<string, double>> WaitForSamplesAsync(
        DashboardCluster dash, string machine, Func<Dictionary<string, double>, bool> condition, string because, TimeSpan? within = null)
    {
        var samples = new Dictionary<string, double>();
        try
        {
            await WaitFor.ConditionAsync(
                async () =>
                {
                    using var response = await dash.Http(machine).GetAsync("/metrics");
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    samples = Parse(await response.Content.ReadAsStringAsync());
                    return condition(samples);
                },
                within ?? TimeSpan.FromSeconds(20),
                because);
        }
        catch (TimeoutException ex)
        {
            var ours = samples.Where(s => s.Key.StartsWith("maildriver_", StringComparison.Ordinal) && !s.Key.Contains("_bucket", StringComparison.Ordinal));
            throw new TimeoutException($"{ex.Message}\nMaildriver's series on {machine}:\n{string.Join('\n', ours.Select(s => $"{s.Key} {s.Value}"))}", ex);
        }

        return samples;
    }

    // Every line is a comment or a sample: series (name and labels as written) to value.
    private static Dictionary<string, double> Parse(string text)
    {
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith('#'))
            {
                continue;
            }

            var match = SampleLine().Match(line);
            Assert.True(match.Success, $"not a Prometheus sample: {line}");
            samples[match.Groups["series"].Value] = double.Parse(match.Groups["value"].Value.Replace("+Inf", "Infinity", StringComparison.Ordinal), CultureInfo.InvariantCulture);
        }

        return samples;
    }

    // The sum over the series of that name whose own machine label (not the meter's otel_scope_machine) is the machine,
    // with the extra label if any: null when none has.
    private static double? Value(Dictionary<string, double> samples, string name, string machine, string? label = null)
    {
        var matching = samples.Where(s => Name(s.Key) == name
                                          && (s.Key.Contains($"{{machine=\"{machine}\"", StringComparison.Ordinal) || s.Key.Contains($",machine=\"{machine}\"", StringComparison.Ordinal))
                                          && (label is null || s.Key.Contains(label, StringComparison.Ordinal))).ToList();
        return matching.Count == 0 ? null : matching.Sum(s => s.Value);
    }

    private static string Name(string series) => series.Split('{')[0];

    [GeneratedRegex("""^(?<series>[a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*"(,[a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*")*\})?) (?<value>[-+]?(\d+(\.\d+)?([eE][-+]?\d+)?|Inf|NaN))( \d+)?$""")]
    private static partial Regex SampleLine();
}
