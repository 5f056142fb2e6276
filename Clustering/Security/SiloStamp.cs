using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Maildriver.Clustering.Security;

/// <summary>
/// The proof that a grain call was sent by a silo of this cluster: HMAC-SHA256 under the cluster secret of the target
/// grain's id and a coarse time window, carried in <see cref="RequestContext"/> under <see cref="Key"/>.
/// </summary>
/// <remarks>
/// Needed because nothing else in a call proves where it came from: a client fills in its own sending grain id and the
/// gateway does not rewrite it, and silo code outside grains calls as a client, the silo's hosted client
/// (docs/orleans-migration.md, finding 3). Binding the stamp to the target keeps a stamp seen on one call from opening
/// other grains; the window bounds how long it can be replayed.
/// </remarks>
public sealed class SiloStamp
{
    /// <summary>The <see cref="RequestContext"/> key of the stamp.</summary>
    public const string Key = "md.silo";

    private readonly byte[] _secret;
    private readonly long _windowMs;
    private readonly TimeProvider _time;

    /// <summary>A stamp under <see cref="FrontDoorOptions.ClusterSecret"/>, windows of <see cref="FrontDoorOptions.StampWindow"/>.</summary>
    public SiloStamp(IOptions<FrontDoorOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Value.ClusterSecret);
        _secret = Encoding.UTF8.GetBytes(options.Value.ClusterSecret);
        _windowMs = Math.Max(1, (long)options.Value.StampWindow.TotalMilliseconds);
        _time = time;
    }

    /// <summary>The stamp for a call to <paramref name="target"/> sent now.</summary>
    public string Create(GrainId target) => Compute(target, CurrentWindow());

    /// <summary>
    /// True if <paramref name="stamp"/> is the stamp of a call to <paramref name="target"/> sent in this window, the one
    /// before (the call was in flight across the boundary) or the one after (the sender's clock runs ahead of ours).
    /// </summary>
    public bool IsValid(GrainId target, object? stamp)
    {
        if (stamp is not string text)
        {
            return false;
        }

        var window = CurrentWindow();
        return Matches(text, target, window) || Matches(text, target, window - 1) || Matches(text, target, window + 1);
    }

    private long CurrentWindow() => _time.GetUtcNow().ToUnixTimeMilliseconds() / _windowMs;

    private bool Matches(string stamp, GrainId target, long window)
        => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(stamp), Encoding.ASCII.GetBytes(Compute(target, window)));

    private string Compute(GrainId target, long window)
    {
        var data = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{target}\n{window}"));
        return Convert.ToBase64String(HMACSHA256.HashData(_secret, data));
    }
}
