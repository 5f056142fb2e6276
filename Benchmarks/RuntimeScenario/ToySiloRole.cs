namespace Maildriver.Benchmarks.RuntimeScenario;

/// <summary>Which of the runtime scenario's toy grains a toy silo hosts.</summary>
public enum ToySiloRole
{
    /// <summary>The callers (<see cref="CallLoopGrain"/>) and the in-silo echo (<see cref="LocalEchoGrain"/>); the cluster's primary silo.</summary>
    Caller,

    /// <summary>The cross-process echo (<see cref="EchoGrain"/>), which the callers and the benchmark's client call.</summary>
    Target,
}
