namespace Maildriver.Grains.Dashboard;

/// <summary>One machine's grain calls over the last minute, all methods together.</summary>
/// <param name="Machine">The machine.</param>
/// <param name="CallsPerSecond">Calls per second.</param>
/// <param name="ErrorRate">Errors divided by calls.</param>
/// <param name="P50Ms">Median latency in milliseconds.</param>
/// <param name="P99Ms">99th percentile of latency in milliseconds.</param>
/// <param name="Activations">Activations living there.</param>
/// <param name="TotalCalls">Calls since its silo started.</param>
public sealed record MachineLoad(string Machine, double CallsPerSecond, double ErrorRate, double P50Ms, double P99Ms, int Activations, long TotalCalls);
