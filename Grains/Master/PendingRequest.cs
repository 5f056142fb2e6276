using Maildriver.Grains.Protocol;

namespace Maildriver.Grains.Master;

/// <summary>A delete, read flag, user or list change on its way to every machine (the paper's <c>.deleting</c>, <c>add.&lt;user&gt;</c> files).</summary>
internal sealed class PendingRequest(Order order, IEnumerable<string> machines, long seq)
{
    public Order Order { get; } = order;

    /// <summary>Its place in the order requests were made, kept across a change of Master.</summary>
    public long Seq { get; } = seq;

    /// <summary>True while it waits in the Delete queue for its letter's delivery to finish.</summary>
    public bool Deferred { get; set; }

    /// <summary>Machines that have not yet said "finished".</summary>
    public HashSet<string> NotFinished { get; } = new(machines);
}
