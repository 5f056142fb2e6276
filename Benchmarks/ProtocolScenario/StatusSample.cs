using Maildriver.Grains.Protocol;


namespace Maildriver.Benchmarks.ProtocolScenario;

/// <summary>One answer to <c>Status</c> and when it arrived.</summary>
/// <param name="Timestamp">When the answer arrived, in <see cref="System.Diagnostics.Stopwatch"/> ticks.</param>
/// <param name="Status">The Master's view.</param>
public sealed record StatusSample(long Timestamp, MasterStatus Status);
