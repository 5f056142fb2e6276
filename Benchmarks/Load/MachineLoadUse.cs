namespace Maildriver.Benchmarks.Load;

/// <summary>What a <see cref="MachineLoad"/> measured, as shares from 0 to 1.</summary>
/// <param name="Busy">All cores' busy time, every process on the machine, as a share of all cores.</param>
/// <param name="Steal">Time the hypervisor ran something else on our cores, as a share of all cores.</param>
/// <param name="CpuPressure">Share of the wall time in which some runnable task waited for a core (PSI), if known.</param>
/// <param name="IoPressure">Share of the wall time in which some task waited on I/O (PSI), if known.</param>
public sealed record MachineLoadUse(double Busy, double Steal, double? CpuPressure, double? IoPressure);
