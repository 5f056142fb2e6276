using System.Collections.Immutable;
using System.Threading.Channels;

namespace Maildriver.Clustering.Tests.FaultNet;

/// <summary>
/// The old in-memory network's faults, emulated on Orleans at the level of grain calls (docs/orleans-migration.md,
/// section 5.1): a <see cref="FaultNetFilter"/> on every silo of a test cluster, and on its client, asks this network
/// what to do with each call it sends. Links are named by machine: the sender's silo name (or
/// <see cref="ClientName"/>) and the machine the target grain's key names. Orleans's own traffic (system targets:
/// membership probes, the directory) is not touched, as partitions never touched membership before either.
/// </summary>
public sealed class FaultNetwork
{
    /// <summary>The name the test cluster's client sends from.</summary>
    public const string ClientName = "client";

    private readonly Lock _lock = new();
    private readonly Channel<NetCall> _held = Channel.CreateUnbounded<NetCall>();
    private ImmutableList<FaultRule> _rules = [];
    private TaskCompletionSource _healed = NewHealSignal();

    /// <summary>Cuts <paramref name="a"/> and <paramref name="b"/> apart both ways: their calls fail as unreachable.</summary>
    public void Partition(string a, string b)
        => Add(new FaultRule(FaultKind.Cut, c => c.Between(a, b) || c.Between(b, a)));

    /// <summary>Cuts <paramref name="machine"/> from every other machine and from the client; it still reaches itself.</summary>
    public void Isolate(string machine)
        => Add(new FaultRule(FaultKind.Cut, c => c.From != c.To && (c.From == machine || c.To == machine)));

    /// <summary>Loses every call from <paramref name="from"/> to <paramref name="to"/>: callers wait for their response timeout.</summary>
    public void Drop(string from, string to) => DropWhere(c => c.Between(from, to));

    /// <summary>Loses the calls <paramref name="match"/> picks (e.g. one method between two machines).</summary>
    public void DropWhere(Func<NetCall, bool> match) => Add(new FaultRule(FaultKind.Drop, match));

    /// <summary>Delays every call from <paramref name="from"/> to <paramref name="to"/> by <paramref name="delay"/>.</summary>
    public void Delay(string from, string to, TimeSpan delay) => DelayWhere(c => c.Between(from, to), delay);

    /// <summary>Delays the calls <paramref name="match"/> picks by <paramref name="delay"/>.</summary>
    public void DelayWhere(Func<NetCall, bool> match, TimeSpan delay) => Add(new FaultRule(FaultKind.Delay, match, delay));

    /// <summary>
    /// Holds the calls <paramref name="match"/> picks until <see cref="Heal"/>: meanwhile they neither arrive nor
    /// fail. At the heal each goes on as if just sent, unless either end died or restarted since: then it fails as
    /// unreachable, as a message in flight from or to a crashed process would.
    /// </summary>
    public void HoldWhere(Func<NetCall, bool> match) => Add(new FaultRule(FaultKind.Hold, match));

    /// <summary>
    /// Holds the replies to the calls <paramref name="match"/> picks until <see cref="Heal"/>: the call is carried out
    /// at once, its caller hears nothing until the heal, and then fails as unreachable if either end died meanwhile.
    /// </summary>
    public void HoldRepliesWhere(Func<NetCall, bool> match) => Add(new FaultRule(FaultKind.HoldReply, match));

    /// <summary>Removes every rule and releases what is held (see <see cref="HoldWhere"/>).</summary>
    public void Heal()
    {
        TaskCompletionSource healed;
        lock (_lock)
        {
            _rules = [];
            healed = _healed;
            _healed = NewHealSignal();
        }

        while (_held.Reader.TryRead(out _))
        {
            // What a test did not wait for is forgotten with the rules that held it.
        }

        healed.TrySetResult();
    }

    /// <summary>The next call (or reply) the net holds, in the order they were held; waits at most <paramref name="timeout"/>.</summary>
    public async Task<NetCall> NextHeldAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            return await _held.Reader.ReadAsync(cancel.Token);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            throw new TimeoutException($"the fault net held nothing within {timeout}");
        }
    }

    /// <summary>The rules now in force, and the signal of the next heal, read together.</summary>
    internal (ImmutableList<FaultRule> Rules, Task Healed) Current()
    {
        lock (_lock)
        {
            return (_rules, _healed.Task);
        }
    }

    internal void Holding(NetCall call) => _held.Writer.TryWrite(call);

    private void Add(FaultRule rule)
    {
        lock (_lock)
        {
            _rules = _rules.Add(rule);
        }
    }

    private static TaskCompletionSource NewHealSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
