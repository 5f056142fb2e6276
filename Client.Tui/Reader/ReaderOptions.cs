namespace Maildriver.Client.Reader;

/// <summary>How the reader starts.</summary>
/// <param name="Gateways">The gateway list to prefill (from --gateway or MAILDRIVER_GATEWAYS).</param>
/// <param name="User">The user to prefill.</param>
/// <param name="Password">The password to prefill.</param>
/// <param name="PollInterval">How often the background poll looks for new mail.</param>
/// <param name="Time">The clock for the poll and the ticks.</param>
/// <param name="TimeZone">The zone dates are shown in.</param>
internal sealed record ReaderOptions(
    string? Gateways,
    string? User,
    string? Password,
    TimeSpan PollInterval,
    TimeProvider Time,
    TimeZoneInfo TimeZone)
{
    /// <summary>The poll interval when MAILDRIVER_POLL_SECONDS does not say.</summary>
    public static TimeSpan DefaultPollInterval { get; } = TimeSpan.FromSeconds(5);
}
