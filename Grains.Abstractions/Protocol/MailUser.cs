namespace Maildriver.Grains.Protocol;

/// <summary>A registered user as every machine stores it.</summary>
/// <param name="Name">The user name.</param>
/// <param name="PasswordHash">The salted PBKDF2 hash (see <c>PasswordHasher</c>).</param>
/// <param name="IsAdmin">Whether the user may call administrative functions.</param>
[GenerateSerializer, Immutable, Alias("Maildriver.MailUser")]
public sealed record MailUser([property: Id(0)] string Name, [property: Id(1)] string PasswordHash, [property: Id(2)] bool IsAdmin);
