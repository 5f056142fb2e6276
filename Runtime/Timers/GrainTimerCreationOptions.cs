namespace Maildriver.Runtime.Timers;

/// <summary>
/// How a grain timer ticks: the shape of Orleans's <c>Orleans.Runtime.GrainTimerCreationOptions</c>, so that grain code
/// registering timers reads the same on this runtime and on Orleans (issue 13).
/// </summary>
/// <param name="dueTime">Time until the first tick.</param>
/// <param name="period">Time from the end of one tick to the start of the next.</param>
public readonly struct GrainTimerCreationOptions(TimeSpan dueTime, TimeSpan period)
{
    /// <summary>Time until the first tick.</summary>
    public TimeSpan DueTime { get; init; } = dueTime;

    /// <summary>Time from the end of one tick to the start of the next.</summary>
    public TimeSpan Period { get; init; } = period;

    /// <summary>Whether a tick may interleave with the grain's other turns (default false: a tick is a turn).</summary>
    public bool Interleave { get; init; }
}
