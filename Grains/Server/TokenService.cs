using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Maildriver.Grains.Protocol;

namespace Maildriver.Grains.Server;

/// <summary>
/// Login tokens signed with the cluster secret (HMAC-SHA256), so every gateway accepts a token any gateway issued.
/// Format: <c>v1.&lt;base64url payload&gt;.&lt;base64url signature&gt;</c>; the payload names the user and the expiry.
/// </summary>
public sealed class TokenService
{
    private readonly byte[] _key;
    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;

    /// <summary>Creates the service for <paramref name="clusterSecret"/>.</summary>
    public TokenService(string clusterSecret, TimeProvider time, TimeSpan lifetime)
    {
        // A key of its own, derived from the secret, so tokens can never be confused with silo-to-silo proofs.
        _key = HMACSHA256.HashData(Encoding.UTF8.GetBytes(clusterSecret), "maildriver-client-token-v1"u8);
        _time = time;
        _lifetime = lifetime;
    }

    /// <summary>Issues a token for <paramref name="user"/>.</summary>
    public string Issue(string user)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new TokenPayload(user, _time.GetUtcNow().Add(_lifetime).ToUnixTimeSeconds()));
        var body = Base64Url(payload);
        return $"v1.{body}.{Base64Url(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(body)))}";
    }

    /// <summary>The user a valid token names; throws <see cref="RequestRefusedException"/> for a bad or expired token.</summary>
    public string Validate(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            throw new RequestRefusedException("not logged in: a token is required");
        }

        var parts = token.Split('.');
        if (parts.Length != 3 || parts[0] != "v1")
        {
            throw new RequestRefusedException("bad token: log in again");
        }

        byte[] signature;
        byte[] payloadBytes;
        try
        {
            signature = FromBase64Url(parts[2]);
            payloadBytes = FromBase64Url(parts[1]);
        }
        catch (FormatException)
        {
            throw new RequestRefusedException("bad token: log in again");
        }

        var expected = HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(parts[1]));
        if (!CryptographicOperations.FixedTimeEquals(signature, expected))
        {
            throw new RequestRefusedException("bad token: log in again");
        }

        TokenPayload? payload;
        try
        {
            payload = JsonSerializer.Deserialize<TokenPayload>(payloadBytes);
        }
        catch (JsonException)
        {
            payload = null;
        }

        if (payload is null || string.IsNullOrEmpty(payload.U))
        {
            throw new RequestRefusedException("bad token: log in again");
        }

        if (payload.Exp < _time.GetUtcNow().ToUnixTimeSeconds())
        {
            throw new RequestRefusedException("token expired: log in again");
        }

        return payload.U;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string s)
    {
        var b = s.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(b.PadRight(b.Length + ((4 - (b.Length % 4)) % 4), '='));
    }

    private sealed record TokenPayload(string U, long Exp);
}
