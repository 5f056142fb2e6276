namespace Maildriver.Clustering.Tests.FaultNet;

/// <summary>What the fault net does to a call that a rule matches.</summary>
internal enum FaultKind
{
    /// <summary>Fails at once as unreachable, both ways (a partition).</summary>
    Cut,

    /// <summary>Never delivered: the caller waits for its response timeout.</summary>
    Drop,

    /// <summary>Delivered late.</summary>
    Delay,

    /// <summary>Neither delivered nor failed until the heal.</summary>
    Hold,

    /// <summary>Delivered and carried out at once; the reply waits for the heal.</summary>
    HoldReply,
}
