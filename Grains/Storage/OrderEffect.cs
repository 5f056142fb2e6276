using Maildriver.Grains.Protocol;

namespace Maildriver.Grains.Storage;

/// <summary>What carrying out one order found in the store and did there.</summary>
/// <param name="OpId">The order's <see cref="Order.OpId"/>.</param>
/// <param name="Kind">The order's kind.</param>
/// <param name="Fact">What it found and did.</param>
public sealed record OrderEffect(string OpId, OrderKind Kind, OrderFact Fact);

/// <summary>What an order found in the store and did there (see <see cref="Orders.ApplyAsync(IReadOnlyList{Order}, CancellationToken)"/>).</summary>
public enum OrderFact
{
    /// <summary>The letter is now a valid protoletter in the WorkSpace: written, or the origin's bogus one made valid.</summary>
    NowValid,

    /// <summary>The letter was already delivered here; nothing was written.</summary>
    AlreadyDelivered,

    /// <summary>A delivery every recipient had deleted: their deletes were applied and no protoletter kept.</summary>
    DeliveredToNobody,

    /// <summary>A "mark valid" for a letter this machine has neither in its WorkSpace nor delivered.</summary>
    NotHere,

    /// <summary>Carried out (a delete, a read flag, a user or a list).</summary>
    Applied,
}
