using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Maildriver.Tests.Support;

/// <summary>The <c>cluster.json</c> a <see cref="MachineCluster"/> writes for its machines, as a deployment would have one.</summary>
internal static class MachineClusterJson
{
    /// <summary>
    /// Machines MD1..MDn on 127.0.0.1, each with a data directory of its own under the cluster's folder. The silo and
    /// gateway ports are only written down: InProcessTestCluster's silos talk over its in-memory transport.
    /// </summary>
    public static JsonObject Create(MachineClusterOptions options)
    {
        var dashboards = options.UseDashboard ? LoopbackPorts.Reserve(options.SiloCount) : null;
        var machines = new JsonArray();
        for (var i = 1; i <= options.SiloCount; i++)
        {
            var machine = new JsonObject
            {
                ["name"] = $"MD{i}",
                ["host"] = "127.0.0.1",
                ["siloPort"] = 20000 + i,
                ["gatewayPort"] = 30000 + i,
                ["dataDir"] = $"MD{i}",
            };
            if (dashboards is not null)
            {
                // A real port: the dashboard is an HTTP server whatever transport the silos use.
                machine["dashboardPort"] = dashboards[i - 1];
            }

            machines.Add(machine);
        }

        var document = new JsonObject
        {
            ["clusterSecret"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)),
            ["storage"] = options.Storage?.DeepClone() ?? new JsonObject { ["provider"] = "sqlite" },
            ["machines"] = machines,
        };
        options.ConfigureClusterJson?.Invoke(document);
        return document;
    }
}
