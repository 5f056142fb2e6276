using System.Text.Json.Nodes;

namespace Maildriver.Tests.Support;

/// <summary>How a <see cref="MachineCluster"/> is built: the old runtime's test cluster options, on Orleans.</summary>
public sealed class MachineClusterOptions
{
    /// <summary>How many machines (named MD1, MD2, …).</summary>
    public int SiloCount { get; set; } = 3;

    /// <summary>
    /// Whether each machine gets a <c>dashboardPort</c> (a free loopback port): the machines then serve their
    /// operators' dashboard there, over real HTTP, whatever the silos' own transport is. Off by default.
    /// </summary>
    public bool UseDashboard { get; set; }

    /// <summary>
    /// The grain clock: what the protocol's timers, waits and timestamps read (Orleans's <c>TimeProviderNames.Grains</c>
    /// and every unkeyed <see cref="TimeProvider"/>). Orleans's own background work (membership, messaging timeouts,
    /// activation collection) stays on real time, so a paused clock freezes the protocol and not the runtime.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// The first admin's password each machine's Master is given (<see cref="Maildriver.Grains.Master.AdminBootstrapOptions"/>);
    /// when null, the machines read <c>MAILDRIVER_ADMIN_PASSWORD</c> from the environment as a real machine does.
    /// </summary>
    public string? AdminPassword { get; set; }

    /// <summary>Configures each machine's silo before it is built; called on every (re)start.</summary>
    public Action<MachineSiloSetup>? ConfigureSilo { get; set; }

    /// <summary>Changes the generated <c>cluster.json</c> document (protocol settings, ports, TLS…).</summary>
    public Action<JsonObject>? ConfigureClusterJson { get; set; }

    /// <summary>The <c>storage</c> object of the generated cluster.json; SQLite in each machine's data directory when null.</summary>
    public JsonObject? Storage { get; set; }
}
