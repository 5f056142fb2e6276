using System.Text.Json.Nodes;

namespace Maildriver.Tests.Support;

/// <summary>
/// The machines of a test's cluster.json: MD1…MDn on 127.0.0.1, each with its own free silo, gateway and dashboard
/// ports (<see cref="LoopbackPorts"/>) and a data directory beside the configuration.
/// </summary>
internal static class LoopbackMachines
{
    /// <summary>The <c>machines</c> array of <paramref name="count"/> machines.</summary>
    public static JsonArray Create(int count)
    {
        var ports = LoopbackPorts.Reserve(3 * count);
        var machines = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            machines.Add(new JsonObject
            {
                ["name"] = $"MD{i + 1}",
                ["host"] = "127.0.0.1",
                ["siloPort"] = ports[3 * i],
                ["gatewayPort"] = ports[(3 * i) + 1],
                ["dashboardPort"] = ports[(3 * i) + 2],
                ["dataDir"] = $"data/MD{i + 1}",
            });
        }

        return machines;
    }

    /// <summary>Each machine's gateway, host:port, in order.</summary>
    public static IReadOnlyList<string> Gateways(JsonArray machines)
        => [.. machines.Select(m => $"127.0.0.1:{(int)m!["gatewayPort"]!}")];
}
