namespace Maildriver.Clustering.Security;

/// <summary>What <see cref="FrontDoorCallFilter"/> lets clients call, and the secret that proves a call came from a silo.</summary>
public sealed class FrontDoorOptions
{
    /// <summary>
    /// The one grain interface clients may call (Maildriver's IMailServer). Only methods declared on this interface
    /// itself count: put every method a client may call there, not on an interface it inherits.
    /// </summary>
    public Type? FrontDoor { get; set; }

    /// <summary>
    /// The cluster's shared secret, the same on every silo and never given to clients: the key of the
    /// <see cref="SiloStamp"/> each silo puts on its calls. Required.
    /// </summary>
    public string ClusterSecret { get; set; } = "";

    /// <summary>
    /// How long one stamp window lasts. A stamp is accepted in its own window and the two next to it, so a call may be
    /// in flight, or the two machines' clocks may differ, by up to one window.
    /// </summary>
    public TimeSpan StampWindow { get; set; } = TimeSpan.FromMinutes(1);
}
