namespace Maildriver.Grains.Server;

/// <summary>A successful login.</summary>
/// <param name="Token">The token to pass with every request.</param>
/// <param name="User">The user name.</param>
/// <param name="IsAdmin">Whether the user is an administrator.</param>
/// <param name="Machine">The machine that issued it.</param>
[GenerateSerializer, Immutable, Alias("Maildriver.LoginResult")]
public sealed record LoginResult([property: Id(0)] string Token, [property: Id(1)] string User, [property: Id(2)] bool IsAdmin, [property: Id(3)] string Machine);
