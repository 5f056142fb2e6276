namespace Maildriver.Client.Connection;

/// <summary>How the client talks to the cluster's gateways.</summary>
/// <param name="Trust">Whose certificates a TLS gateway may show.</param>
public sealed record ClientSettings(GatewayTrust Trust)
{
    /// <summary>The cluster's Orleans id (cluster.json's <c>membership.clusterId</c>; default <c>maildriver</c>).</summary>
    public string ClusterId { get; init; } = Environment.GetEnvironmentVariable("MAILDRIVER_CLUSTER_ID") is { Length: > 0 } id ? id : "maildriver";

    /// <summary>Orleans's service id, the same on every Maildriver silo.</summary>
    public string ServiceId { get; init; } = "maildriver";

    /// <summary>How long a call waits for its answer before it fails with a timeout.</summary>
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
