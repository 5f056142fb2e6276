using System.Text.Json.Nodes;
using Maildriver.Runtime.Hosting;

namespace Maildriver.Runtime.Testing;

/// <summary>How a <see cref="TestCluster"/> is built.</summary>
public sealed class TestClusterOptions
{
    /// <summary>How many silos (named MD1, MD2, …).</summary>
    public int SiloCount { get; set; } = 3;

    /// <summary>
    /// False (default): silos talk over an <see cref="Transport.InMemory.InMemoryNetwork"/> that tests can
    /// partition, drop and delay. True: the real HTTP/2 transport and Kestrel gateways on loopback ports.
    /// </summary>
    public bool UseHttpTransport { get; set; }

    /// <summary>
    /// Whether each machine gets a <c>dashboardPort</c> (a free loopback port, see
    /// <see cref="Configuration.MachineConfig.DashboardPort"/>); the silos serve a dashboard there if the application
    /// registered one. Off by default: no dashboard port.
    /// </summary>
    public bool UseDashboard { get; set; }

    /// <summary>Where the silos' data directories go; a fresh temporary folder (deleted on dispose) when null.</summary>
    public string? DataRoot { get; set; }

    /// <summary>The clock every silo uses.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Configures each silo (grains, services, options) before it is built; called on every (re)start.</summary>
    public Action<SiloHostBuilder>? ConfigureSilo { get; set; }

    /// <summary>Adds application fields to the generated <c>cluster.json</c> document.</summary>
    public Action<JsonObject>? ConfigureClusterJson { get; set; }

    /// <summary>The <c>storage</c> object of the generated cluster.json; SQLite in each silo's data directory when null.</summary>
    public JsonObject? Storage { get; set; }

    /// <summary>Client call timeout.</summary>
    public TimeSpan ClientCallTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
