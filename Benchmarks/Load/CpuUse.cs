namespace Maildriver.Benchmarks.Load;

/// <summary>Processor time the silos and the client used over a window, from a <see cref="CpuSample"/>.</summary>
/// <param name="Silos">All silo processes together.</param>
/// <param name="Client">The benchmark process.</param>
/// <param name="Wall">The window.</param>
public sealed record CpuUse(TimeSpan Silos, TimeSpan Client, TimeSpan Wall)
{
    /// <summary>The name <see cref="ProtocolScenario.LocalMailCluster.Processes"/> gives this process.</summary>
    public const string ClientName = "client";

    /// <summary>The silos' share of all the machine's cores over the window (1 = every core busy throughout).</summary>
    public double SiloShare => Silos / (Wall * Environment.ProcessorCount);

    /// <summary>The client's share of all the machine's cores over the window.</summary>
    public double ClientShare => Client / (Wall * Environment.ProcessorCount);

    /// <summary>Adds up a sample: everything not named <see cref="ClientName"/> is a silo.</summary>
    public static CpuUse From((IReadOnlyList<(string Name, TimeSpan Cpu)> PerProcess, TimeSpan Wall) sample)
    {
        var client = sample.PerProcess.Where(p => p.Name == ClientName).Aggregate(TimeSpan.Zero, (t, p) => t + p.Cpu);
        var silos = sample.PerProcess.Where(p => p.Name != ClientName).Aggregate(TimeSpan.Zero, (t, p) => t + p.Cpu);
        return new CpuUse(silos, client, sample.Wall);
    }
}
