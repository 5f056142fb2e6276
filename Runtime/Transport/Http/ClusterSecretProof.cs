using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Maildriver.Runtime.Transport.Http;

/// <summary>
/// Proves that a silo holds the cluster secret without sending it: a time-stamped HMAC-SHA256 over
/// <c>"&lt;source&gt;|&lt;target&gt;|&lt;unix seconds&gt;"</c>, written as <c>&lt;unix seconds&gt;.&lt;base64 MAC&gt;</c>.
/// </summary>
/// <remarks>
/// Binding the target's name into the MAC means a proof made for one silo cannot be replayed against another;
/// the time stamp bounds how long a captured proof stays useful.
/// </remarks>
public sealed class ClusterSecretProof
{
    /// <summary>How far the proof's time stamp may be from the verifier's clock, either way.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    private const int MacBytes = 32;

    private readonly byte[] _key;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a prover/verifier for <paramref name="clusterSecret"/>.</summary>
    /// <param name="clusterSecret">The shared cluster secret.</param>
    /// <param name="timeProvider">The clock used for time stamps and the skew check.</param>
    public ClusterSecretProof(string clusterSecret, TimeProvider timeProvider)
    {
        ArgumentException.ThrowIfNullOrEmpty(clusterSecret);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _key = Encoding.UTF8.GetBytes(clusterSecret);
        _timeProvider = timeProvider;
    }

    /// <summary>Makes a proof that <paramref name="source"/> may talk to <paramref name="target"/>, valid from now.</summary>
    public string Create(string source, string target)
    {
        var seconds = _timeProvider.GetUtcNow().ToUnixTimeSeconds();
        Span<byte> mac = stackalloc byte[MacBytes];
        Sign(source, target, seconds, mac);
        return string.Create(CultureInfo.InvariantCulture, $"{seconds}.{Convert.ToBase64String(mac)}");
    }

    /// <summary>
    /// True when <paramref name="proof"/> was made with this secret for exactly this source and target, and its
    /// time stamp is within <see cref="MaxClockSkew"/> of now. Never throws on malformed input.
    /// </summary>
    public bool Verify(string source, string target, string? proof)
    {
        if (string.IsNullOrEmpty(proof))
        {
            return false;
        }

        var dot = proof.IndexOf('.');
        if (dot <= 0
            || !long.TryParse(proof.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return false;
        }

        var now = _timeProvider.GetUtcNow().ToUnixTimeSeconds();
        var skew = (long)MaxClockSkew.TotalSeconds;
        if (seconds < now - skew || seconds > now + skew)
        {
            return false;
        }

        // One spare byte so an over-long MAC fails to decode into the buffer instead of being truncated.
        Span<byte> claimed = stackalloc byte[MacBytes + 1];
        if (!Convert.TryFromBase64Chars(proof.AsSpan(dot + 1), claimed, out var written) || written != MacBytes)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[MacBytes];
        Sign(source, target, seconds, expected);
        return CryptographicOperations.FixedTimeEquals(claimed[..MacBytes], expected);
    }

    private void Sign(string source, string target, long seconds, Span<byte> destination)
    {
        var message = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{source}|{target}|{seconds}"));
        HMACSHA256.HashData(_key, message, destination);
    }
}
