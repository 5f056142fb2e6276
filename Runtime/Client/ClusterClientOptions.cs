namespace Maildriver.Runtime.Client;

/// <summary>Settings of a <see cref="ClusterClient"/>.</summary>
public sealed class ClusterClientOptions
{
    /// <summary>How long one call may take at one gateway before <see cref="TimeoutException"/>.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The clock used for the timeout.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
