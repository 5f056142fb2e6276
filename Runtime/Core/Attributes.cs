namespace Maildriver.Runtime;

/// <summary>
/// A grain method that may run while the activation is busy with another call (pulses, status reads).
/// It still runs on the activation's scheduler, so it never runs at the same instant as other grain code.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AlwaysInterleaveAttribute : Attribute;

/// <summary>A grain class all of whose calls interleave.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ReentrantAttribute : Attribute;

/// <summary>
/// A grain interface activated on whichever silo receives the call, ignoring its key, and reentrant.
/// Client API entry points are stateless workers, so a client reaches the machine it is connected to.
/// </summary>
[AttributeUsage(AttributeTargets.Interface)]
public sealed class StatelessWorkerAttribute : Attribute;

/// <summary>A grain class whose activations are never collected when idle (it runs queue pumps or timers).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class KeepAliveAttribute : Attribute;
