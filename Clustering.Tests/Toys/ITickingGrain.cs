namespace Maildriver.Clustering.Tests.Toys;

/// <summary>A grain whose timer ticks: its ticks are calls the front-door filter sees and must let through.</summary>
[Alias("toy.ITickingGrain")]
public interface ITickingGrain : IGrainWithStringKey
{
    /// <summary>Starts the timer (a tick every 20 ms).</summary>
    [Alias("Start")]
    Task Start();

    /// <summary>How many ticks ran.</summary>
    [Alias("Ticks")]
    Task<int> Ticks();
}
