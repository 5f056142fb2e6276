using System.Globalization;
using System.Text.Json.Nodes;

namespace Maildriver.TestSupport;

/// <summary>
/// The machines of a cluster.json for real silo processes on this host: each on 127.0.0.1 with its own free silo,
/// gateway and dashboard ports (<see cref="LoopbackPorts"/>) and a data directory beside the configuration.
/// </summary>
public static class LoopbackMachines
{
    /// <summary>The names of <paramref name="count"/> machines: MD1…MDn.</summary>
    public static IReadOnlyList<string> Names(int count)
        => [.. Enumerable.Range(1, count).Select(i => string.Create(CultureInfo.InvariantCulture, $"MD{i}"))];

    /// <summary>The <c>machines</c> array of <paramref name="count"/> machines, MD1…MDn, with data directories <c>data/MDn</c>.</summary>
    public static JsonArray Create(int count) => Create(Names(count), name => $"data/{name}");

    /// <summary>The <c>machines</c> array of the machines <paramref name="names"/>, in order.</summary>
    /// <param name="names">The machines' names.</param>
    /// <param name="dataDir">Each machine's data directory, relative to cluster.json's folder.</param>
    public static JsonArray Create(IReadOnlyList<string> names, Func<string, string> dataDir)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(dataDir);
        var ports = LoopbackPorts.Reserve(3 * names.Count);
        var machines = new JsonArray();
        for (var i = 0; i < names.Count; i++)
        {
            machines.Add(new JsonObject
            {
                ["name"] = names[i],
                ["host"] = "127.0.0.1",
                ["siloPort"] = ports[3 * i],
                ["gatewayPort"] = ports[(3 * i) + 1],
                ["dashboardPort"] = ports[(3 * i) + 2],
                ["dataDir"] = dataDir(names[i]),
            });
        }

        return machines;
    }

    /// <summary>Port <paramref name="field"/> (<c>siloPort</c>, <c>gatewayPort</c>, <c>dashboardPort</c>) of each machine, in order.</summary>
    public static IReadOnlyList<int> Ports(JsonArray machines, string field)
    {
        ArgumentNullException.ThrowIfNull(machines);
        return [.. machines.Select(m => (int)m![field]!)];
    }

    /// <summary>Each machine's gateway, host:port, in order.</summary>
    public static IReadOnlyList<string> Gateways(JsonArray machines)
        => [.. Ports(machines, "gatewayPort").Select(port => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{port}"))];
}
