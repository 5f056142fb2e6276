namespace Maildriver.Runtime.Diagnostics;

/// <summary>How many activations of one grain class live on a silo.</summary>
/// <param name="Grain">The grain class, e.g. <c>InboxGrain</c>.</param>
/// <param name="Count">Its activations.</param>
public sealed record GrainActivationCount(string Grain, int Count);
