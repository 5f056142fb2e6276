namespace Maildriver.Grains.Protocol;

/// <summary>A registered user as every machine stores it.</summary>
/// <param name="Name">The user name.</param>
/// <param name="PasswordHash">The salted PBKDF2 hash (see <c>PasswordHasher</c>).</param>
/// <param name="IsAdmin">Whether the user may call administrative functions.</param>
/// <param name="UidValidity">
/// The UIDVALIDITY of the user's inbox (RFC 3501 2.3.1.1), fixed in the order that creates the user and so the same on
/// every machine; an order that updates an existing user keeps the old one. 0: not given (an order of an older build).
/// </param>
[GenerateSerializer, Immutable, Alias("Maildriver.MailUser")]
public sealed record MailUser([property: Id(0)] string Name, [property: Id(1)] string PasswordHash, [property: Id(2)] bool IsAdmin, [property: Id(3)] long UidValidity = 0)
{
    /// <summary>
    /// A new user's UIDVALIDITY: the seconds since 1970 when the order that creates it was made (a 32-bit number, as
    /// RFC 3501 wants, until 2106). A user deleted and made again in a later second gets a new one, so an IMAP client's
    /// cache of the old inbox is dropped.
    /// </summary>
    public static long NewUidValidity(DateTimeOffset now) => Math.Clamp(now.ToUnixTimeSeconds(), 1, uint.MaxValue);
}
