namespace Maildriver.Grains.Dashboard;

/// <summary>When this silo started, by the silo's clock, for the machine's uptime on the page.</summary>
/// <remarks>Created with the silo (the dashboard's lifecycle participant takes it), not at the first question.</remarks>
public sealed class SiloStarted(TimeProvider time)
{
    /// <summary>The silo's start.</summary>
    public DateTimeOffset At { get; } = time.GetUtcNow();
}
