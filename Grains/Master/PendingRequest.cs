using Maildriver.Grains.Protocol;

namespace Maildriver.Grains.Master;

/// <summary>A delete, read flag, user or list change on its way to every machine (the paper's <c>.deleting</c>, <c>add.&lt;user&gt;</c> files).</summary>
internal sealed class PendingRequest(Order order, IEnumerable<string> machines)
{
    public Order Order { get; } = order;

    /// <summary>Machines that have not yet said "finished".</summary>
    public HashSet<string> NotFinished { get; } = new(machines);
}
