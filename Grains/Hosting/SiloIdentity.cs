namespace Maildriver.Grains.Hosting;

/// <summary>Which silo the code runs in, and a token cancelled when it stops or dies; available to grains as a service.</summary>
/// <param name="Name">The machine name.</param>
/// <param name="Stopping">Cancelled when the silo stops or is killed.</param>
public sealed record SiloIdentity(string Name, CancellationToken Stopping);
