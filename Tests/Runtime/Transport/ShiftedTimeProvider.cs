namespace Maildriver.Tests.Runtime.Transport;

/// <summary>The system clock moved by a fixed offset, for time-stamp checks.</summary>
internal sealed class ShiftedTimeProvider(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
}
