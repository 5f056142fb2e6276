using System.Diagnostics.CodeAnalysis;
using Maildriver.Grains.Protocol;

namespace Maildriver.Grains.Master;

/// <summary>
/// The Delete queue (section 9.1): a delete or read flag of a letter still in mid-delivery on a live machine waits
/// here, by letter, so that no machine is asked to delete what it has not yet received. When the letter's delivery
/// finishes, the Master takes its orders out and sends them, in the order they came.
/// </summary>
internal sealed class DeleteQueue
{
    private readonly Dictionary<string, List<Order>> _waiting = new(StringComparer.Ordinal);

    /// <summary>How many orders wait, over all letters.</summary>
    public int Count => _waiting.Values.Sum(q => q.Count);

    /// <summary>The letters that have orders waiting.</summary>
    public IReadOnlyList<string> LetterIds => [.. _waiting.Keys];

    /// <summary>Puts <paramref name="order"/> behind the others waiting for <paramref name="letterId"/>.</summary>
    public void Add(string letterId, Order order)
    {
        if (!_waiting.TryGetValue(letterId, out var queued))
        {
            _waiting[letterId] = queued = [];
        }

        queued.Add(order);
    }

    /// <summary>Takes out the orders waiting for <paramref name="letterId"/>, in the order they came; false if none wait.</summary>
    public bool TryTake(string letterId, [MaybeNullWhen(false)] out List<Order> orders) => _waiting.Remove(letterId, out orders);
}
