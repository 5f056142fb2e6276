namespace Maildriver.Grains.Server;

/// <summary>Answer to <see cref="IMailServer.Hello"/>.</summary>
/// <param name="Machine">The machine the client reached.</param>
/// <param name="Master">The machine it believes holds mastership.</param>
/// <param name="Epoch">The epoch of that belief.</param>
[GenerateSerializer, Immutable, Alias("Maildriver.ServerInfo")]
public sealed record ServerInfo([property: Id(0)] string Machine, [property: Id(1)] string Master, [property: Id(2)] long Epoch);
