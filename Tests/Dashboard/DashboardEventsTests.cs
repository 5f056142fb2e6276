using System.Text.Json;
using Maildriver.Tests.Support;

namespace Maildriver.Tests.Dashboard;

/// <summary>
/// Recent cluster events outlive the machines that recorded them: every machine keeps a copy of each in its store, so
/// after two changes of Master (each Master killed in turn and restarted) every machine's page still shows the first
/// Master's events and both takeovers, signed by role and machine so that a machine's Lieutenant and its Master are
/// never taken for each other.
/// </summary>
public sealed class DashboardEventsTests
{
    [Fact]
    public async Task AfterTwoChangesOfMasterEveryMachinesPageStillShowsTheEventsSignedByRole()
    {
        await using var dash = await DashboardCluster.StartAsync();
        var first = await dash.WaitForJsonAsync("MD3", "/api/protocol", p => Find(p, "masterActive", "Master MD1") is not null, "the first Master's event on MD3");
        var firstEvent = Find(first, "masterActive", "Master MD1")!.Value;
        var (firstId, firstTime) = (firstEvent.GetProperty("id").GetString(), firstEvent.GetProperty("time").GetDateTimeOffset());
        Assert.Equal(1, firstEvent.GetProperty("epoch").GetInt64());

        // First change: MD1 (Master) dies, its Lieutenant MD2 takes over; MD1 comes back as an ordinary machine.
        await KillMasterAndWaitForAsync(dash, killed: "MD1", successor: "MD2", watchedFrom: "MD3");
        await dash.Cluster.StartSiloAsync("MD1");
        await WaitAllUpAsync(dash, "MD3");

        // Second change: MD2 (Master now) dies, its Lieutenant takes over; MD2 comes back.
        var lieutenant = (await dash.GetJsonAsync("MD3", "/api/cluster")).GetProperty("lieutenant").GetString()!;
        Assert.NotEqual("MD2", lieutenant);
        await KillMasterAndWaitForAsync(dash, killed: "MD2", successor: lieutenant, watchedFrom: lieutenant);
        await dash.Cluster.StartSiloAsync("MD2");
        await WaitAllUpAsync(dash, lieutenant);

        foreach (var machine in dash.Cluster.SiloNames)
        {
            var protocol = await dash.WaitForJsonAsync(
                machine,
                "/api/protocol",
                p => Find(p, "masterActive", "Master MD1") is not null
                     && Find(p, "masterSilent", "Lieutenant MD2") is not null && Find(p, "tookOver", "Master MD2") is not null
                     && Find(p, "masterSilent", $"Lieutenant {lieutenant}") is not null && Find(p, "tookOver", $"Master {lieutenant}") is not null,
                $"both takeovers and the first Master's events on {machine}'s page");

            // The first Master's event is the one of epoch 1 from before both deaths, and each machine kept a copy of it:
            // MD1 in its store across its restart, MD2 and MD3 from MD1's one-way copies.
            var kept = Find(protocol, "masterActive", "Master MD1")!.Value;
            Assert.Equal(firstId, kept.GetProperty("id").GetString());
            Assert.Equal(firstTime, kept.GetProperty("time").GetDateTimeOffset());
            Assert.Equal(["MD1", "MD2", "MD3"], kept.GetProperty("keptOn").EnumerateArray().Select(m => m.GetString()));

            // On MD2 the Lieutenant noticed and the Master took over: two signatures on one machine, never the same.
            var silent = Find(protocol, "masterSilent", "Lieutenant MD2")!.Value;
            var tookOver = Find(protocol, "tookOver", "Master MD2")!.Value;
            Assert.Equal("MD1", silent.GetProperty("subject").GetString());
            Assert.StartsWith("Lieutenant MD2:", silent.GetProperty("text").GetString(), StringComparison.Ordinal);
            Assert.Equal(silent.GetProperty("epoch").GetInt64() + 1, tookOver.GetProperty("epoch").GetInt64());
            Assert.Equal(1, Events(protocol).Count(e => e.GetProperty("kind").GetString() == "masterActive" && e.GetProperty("recordedBy").GetString() == "Master MD1"));
        }
    }

    private static async Task KillMasterAndWaitForAsync(DashboardCluster dash, string killed, string successor, string watchedFrom)
    {
        await dash.Cluster.KillSiloAsync(killed);
        await dash.WaitForJsonAsync(
            watchedFrom,
            "/api/cluster",
            c => c.GetProperty("master").GetString() == successor && c.GetProperty("lieutenant").GetString() is not null,
            $"{successor} Master with a Lieutenant after {killed}'s death",
            TimeSpan.FromSeconds(30));
    }

    private static Task WaitAllUpAsync(DashboardCluster dash, string watchedFrom)
        => dash.WaitForJsonAsync(
            watchedFrom,
            "/api/cluster",
            c => c.GetProperty("machines").EnumerateArray().All(m => m.GetProperty("state").GetString() == "up" && m.GetProperty("reachable").GetBoolean()),
            "every machine up again",
            TimeSpan.FromSeconds(30));

    private static IEnumerable<JsonElement> Events(JsonElement protocol) => protocol.GetProperty("events").EnumerateArray();

    private static JsonElement? Find(JsonElement protocol, string kind, string recordedBy)
    {
        foreach (var e in Events(protocol))
        {
            if (e.GetProperty("kind").GetString() == kind && e.GetProperty("recordedBy").GetString() == recordedBy)
            {
                return e;
            }
        }

        return null;
    }
}
