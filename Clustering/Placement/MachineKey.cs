namespace Maildriver.Clustering.Placement;

/// <summary>
/// The machine a grain key names: the key up to its first '/' ("MD2" for "MD2" and for "MD2/alice"). Maildriver keys
/// every per-machine grain (Replica, Inbox, Master, Lieutenant, the front door) this way, so the key alone tells where
/// the grain must live.
/// </summary>
public static class MachineKey
{
    /// <summary>The machine named by <paramref name="grainKey"/>; the whole key when it has no '/'.</summary>
    public static string Of(string grainKey)
    {
        ArgumentNullException.ThrowIfNull(grainKey);
        var slash = grainKey.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? grainKey : grainKey[..slash];
    }

    /// <summary>The machine named by the string key of <paramref name="grainId"/> (see <see cref="Of(string)"/>).</summary>
    public static string Of(GrainId grainId) => Of(grainId.Key.ToString());
}
