using System.Diagnostics.CodeAnalysis;

using Microsoft.Extensions.Logging;

namespace Maildriver.Grains.Master;

/// <summary>
/// The Master's Sender processes (section 6 and the appendix's SendLetterToMachine), one <see cref="Sender"/> per
/// machine: "all communication out from the Master goes out through the Sender processes". Here a letter is sent off
/// to every machine: the whole letter, except to the machine that received it, which is told to mark its own copy
/// valid.
/// </summary>
internal sealed partial class Senders
{
    private readonly Dictionary<string, Sender> _senders = new(StringComparer.Ordinal);
    private readonly ILogger _logger;

    /// <param name="master">The Master's machine, options, clock and stopping token.</param>
    /// <param name="view">The Master's view, which every batch carries.</param>
    /// <param name="onApplied">A machine said "got it" to a batch (and "finished" to what it carried out).</param>
    /// <param name="onDrained">A machine's catch-up list is empty.</param>
    /// <param name="onDeposed">A machine knows a newer Master.</param>
    /// <param name="logger">The Master's logger.</param>
    public Senders(
        MasterContext master,
        Func<ClusterView> view,
        Action<string, IReadOnlyList<Order>, ApplyResult> onApplied,
        Action<string> onDrained,
        Action<string> onDeposed,
        ILogger logger)
    {
        _logger = logger;
        foreach (var machine in master.Options.Machines)
        {
            _senders[machine] = new Sender(
                machine,
                master.Replica(machine),
                view,
                onApplied,
                OnUnreachable,
                onDrained,
                onDeposed,
                master.Time,
                master.Options.PulseInterval,
                master.Silo.Stopping);
        }
    }

    /// <summary>Machine <paramref name="machine"/>'s Sender.</summary>
    public Sender this[string machine] => _senders[machine];

    /// <summary>Every machine's Sender, in configuration order.</summary>
    public IEnumerable<Sender> All => _senders.Values;

    /// <summary>Whether <paramref name="machine"/> is one of the cluster's machines.</summary>
    public bool Contains(string machine) => _senders.ContainsKey(machine);

    /// <summary>Machine <paramref name="machine"/>'s Sender, if it is one of the cluster's machines.</summary>
    public bool TryGet(string machine, [MaybeNullWhen(false)] out Sender sender) => _senders.TryGetValue(machine, out sender);

    /// <summary>The appendix's SendOffLetter: <paramref name="letter"/> to every machine.</summary>
    public void SendOff(PendingLetter letter)
    {
        foreach (var sender in _senders.Values)
        {
            // The origin already has the body: "you already have the letter, just mark it valid and process it".
            sender.Enqueue(sender.Machine == letter.Letter.Header.Origin
                ? MarkValid(letter)
                : new Order(letter.Id, OrderKind.Deliver, LetterId: letter.Id, Letter: letter.Letter));
        }
    }

    /// <summary>The origin's order: its bogus copy becomes valid and takes the recipients' UIDs, which only the Master's header has.</summary>
    public static Order MarkValid(PendingLetter letter) => new(letter.Id, OrderKind.MarkValid, LetterId: letter.Id, Uids: letter.Letter.Header.Uids);

    /// <summary>Every Sender stops ("finish up what you're doing and exit").</summary>
    public void StopAll()
    {
        foreach (var sender in _senders.Values)
        {
            sender.Stop();
        }
    }

    /// <summary>Every Sender starts again (a handover that did not happen).</summary>
    public void ResumeAll()
    {
        foreach (var sender in _senders.Values)
        {
            sender.Resume();
        }
    }

    private void OnUnreachable(string machine, Exception error) => LogUnreachable(machine, error.Message);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Master cannot reach {Machine}: {Reason}")]
    private partial void LogUnreachable(string machine, string reason);
}
