using System.Text.Json;

namespace Maildriver.Tests.Dashboard;

/// <summary>Issue 12: the dashboard says when, and why, the Master acknowledges nothing.</summary>
public sealed class DashboardNoLieutenantTests
{
    [Fact]
    public async Task AMasterWithNoLiveLieutenantIsShownNotAcknowledgingWithTheReasonUntilOneIsAppointed()
    {
        await using var dash = await DashboardCluster.StartAsync();
        await dash.WaitForJsonAsync("MD2", "/api/cluster", c => c.GetProperty("lieutenant").GetString() == "MD2" && IsNull(c, "notAcknowledging"), "MD2 Lieutenant, acknowledging");

        await dash.Cluster.KillSiloAsync("MD3");
        await dash.WaitForJsonAsync("MD1", "/api/cluster", c => Machine(c, "MD3").GetProperty("state").GetString() == "dead", "MD3 dead");
        await dash.Cluster.KillSiloAsync("MD1");
        // Master from the grant of mastership on, MD2 is still "appointing a Lieutenant" until it has taken over.
        var alone = await dash.WaitForJsonAsync(
            "MD2",
            "/api/cluster",
            c => c.GetProperty("master").GetString() == "MD2" && c.GetProperty("notAcknowledging").GetString() != "appointing a Lieutenant",
            "MD2 took over");
        Assert.True(IsNull(alone, "lieutenant"), alone.ToString());
        Assert.Contains("MD1 and MD3 are down", alone.GetProperty("notAcknowledging").GetString());

        await dash.Cluster.StartSiloAsync("MD3");
        var healed = await dash.WaitForJsonAsync("MD2", "/api/cluster", c => c.GetProperty("lieutenant").GetString() == "MD3" && IsNull(c, "notAcknowledging"), "MD3 appointed Lieutenant");
        Assert.Equal("MD2", healed.GetProperty("master").GetString());
    }

    private static bool IsNull(JsonElement section, string property)
        => !section.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null;

    private static JsonElement Machine(JsonElement cluster, string name)
        => cluster.GetProperty("machines").EnumerateArray().Single(m => m.GetProperty("name").GetString() == name);
}
