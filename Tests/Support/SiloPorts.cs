namespace Maildriver.Tests.Support;

/// <summary>The loopback ports one machine of a <see cref="SiloProcessCluster"/> listens on.</summary>
public sealed record SiloPorts(int Silo, int Gateway, int Dashboard);
