using System.Collections;

namespace Maildriver.Grains.Master;

/// <summary>
/// The DML, the paper's Dead Machine List (section 10.1, the appendix's CARETAKER): the machines the Caretaker
/// found without a pulse and that are not yet caught up. No order goes to a machine on it; its orders wait in its
/// <see cref="DeadMachineCatchupList"/>. The Lieutenant keeps a copy, so a new Master starts from the same list.
/// </summary>
internal sealed class DeadMachineList : IReadOnlyCollection<string>
{
    private readonly HashSet<string> _machines = new(StringComparer.Ordinal);

    /// <summary>How many machines are on it.</summary>
    public int Count => _machines.Count;

    /// <summary>Whether <paramref name="machine"/> is on it.</summary>
    public bool Contains(string machine) => _machines.Contains(machine);

    /// <summary>Puts <paramref name="machine"/> on it; false if it already was.</summary>
    public bool Add(string machine) => _machines.Add(machine);

    /// <summary>Takes <paramref name="machine"/> off it: it is caught up.</summary>
    public bool Remove(string machine) => _machines.Remove(machine);

    /// <inheritdoc/>
    public IEnumerator<string> GetEnumerator() => _machines.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
