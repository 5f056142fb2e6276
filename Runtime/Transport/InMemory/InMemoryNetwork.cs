using System.Collections.Concurrent;
using Maildriver.Runtime.Messaging;

namespace Maildriver.Runtime.Transport.InMemory;

/// <summary>
/// A network inside one process for tests. Silos attach to it by name; a test can partition two silos (calls
/// fail as unreachable), drop their traffic (calls are lost and time out), delay it, or hold it until it heals.
/// Every message is serialized and read back, so in-memory calls cross the same boundary as real ones.
/// </summary>
public sealed class InMemoryNetwork
{
    private readonly ConcurrentDictionary<string, IIncomingCallHandler> _silos = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string, string), LinkRule> _rules = new();
    private readonly TimeProvider _timeProvider;
    private TaskCompletionSource _healed = NewHealSignal();

    /// <summary>Creates a network whose delays run on <paramref name="timeProvider"/>.</summary>
    public InMemoryNetwork(TimeProvider? timeProvider = null) => _timeProvider = timeProvider ?? TimeProvider.System;

    /// <summary>Cuts traffic between <paramref name="a"/> and <paramref name="b"/> both ways: calls fail as unreachable.</summary>
    public void Partition(string a, string b) => SetBoth(a, b, LinkRule.Partitioned);

    /// <summary>Isolates <paramref name="silo"/> from every other silo and from clients.</summary>
    public void Isolate(string silo, IEnumerable<string> others)
    {
        foreach (var other in others.Where(o => o != silo))
        {
            Partition(silo, other);
        }

        Partition(silo, ClientName);
    }

    /// <summary>Loses every message from <paramref name="from"/> to <paramref name="to"/>; callers wait until their timeout.</summary>
    public void Drop(string from, string to) => _rules[(from, to)] = LinkRule.Dropped;

    /// <summary>Loses the messages from <paramref name="from"/> to <paramref name="to"/> that <paramref name="match"/> picks (e.g. one method).</summary>
    public void DropWhere(string from, string to, Func<WireRequest, bool> match) => _rules[(from, to)] = LinkRule.DroppedWhere(match);

    /// <summary>Delays every message from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public void Delay(string from, string to, TimeSpan delay) => _rules[(from, to)] = LinkRule.Delayed(delay);

    /// <summary>
    /// Delays only the messages from <paramref name="from"/> to <paramref name="to"/> that <paramref name="match"/>
    /// picks, so a test can slow one method without also slowing the pulses that decide who is alive.
    /// </summary>
    public void DelayWhere(string from, string to, TimeSpan delay, Func<WireRequest, bool> match) =>
        _rules[(from, to)] = LinkRule.Delayed(delay, match);

    /// <summary>
    /// Holds the messages from <paramref name="from"/> to <paramref name="to"/> that <paramref name="match"/> picks
    /// until <see cref="Heal"/>: meanwhile they neither arrive nor fail. At the heal each goes on as if just sent,
    /// unless either end has died (or restarted) since: then it fails as unreachable, as a message in flight from or
    /// to a process that crashed would, and nothing a dead silo sent arrives after its death.
    /// </summary>
    public void HoldWhere(string from, string to, Func<WireRequest, bool> match) => _rules[(from, to)] = LinkRule.HeldWhere(match);

    /// <summary>
    /// Holds the answers to the calls from <paramref name="from"/> to <paramref name="to"/> that
    /// <paramref name="match"/> picks until <see cref="Heal"/>: the call is carried out at once, but its caller hears
    /// nothing until the heal, and then fails as unreachable if either end has died (or restarted) since.
    /// </summary>
    public void HoldRepliesWhere(string from, string to, Func<WireRequest, bool> match) => _rules[(from, to)] = LinkRule.HeldRepliesWhere(match);

    /// <summary>Removes every partition, drop, delay and hold; held messages go on (see <see cref="HoldWhere"/>).</summary>
    public void Heal()
    {
        _rules.Clear();
        Interlocked.Exchange(ref _healed, NewHealSignal()).TrySetResult();
    }

    /// <summary>The pseudo-silo name clients send from, for partitioning clients away from a silo.</summary>
    public const string ClientName = "client";

    internal void Attach(string silo, IIncomingCallHandler handler) => _silos[silo] = handler;

    internal void Detach(string silo) => _silos.TryRemove(silo, out _);

    internal async Task<WireResponse> SendAsync(string from, string to, WireRequest request, bool fromClient, CancellationToken cancellationToken)
    {
        // Taken before the rule: a heal that clears a hold after this point also releases this message.
        var healed = Volatile.Read(ref _healed).Task;
        var rule = _rules.GetValueOrDefault((from, to));
        if (rule?.Kind == LinkKind.Partitioned || !_silos.TryGetValue(to, out var handler))
        {
            throw new SiloUnavailableException(to, $"silo {to} is unreachable from {from}");
        }

        if (rule?.Kind == LinkKind.Dropped && (rule.Match is null || rule.Match(request)))
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, _timeProvider, cancellationToken).ConfigureAwait(false);
        }

        var sender = fromClient ? null : _silos.GetValueOrDefault(from);
        if (rule?.Kind == LinkKind.Held && rule.Match!(request))
        {
            await HoldUntilHealedAsync(healed, from, to, sender, handler, fromClient, cancellationToken).ConfigureAwait(false);
        }

        if (fromClient && handler.ClientRefusal is { } refusal)
        {
            // As the HTTP gateway's 503: the client moves on to another silo.
            throw new SiloUnavailableException(to, $"silo {to} is not serving clients yet: {refusal}");
        }

        if (rule?.Kind == LinkKind.Delayed && (rule.Match is null || rule.Match(request)))
        {
            await Task.Delay(rule.Delay, _timeProvider, cancellationToken).ConfigureAwait(false);
        }

        var copy = WireSerializer.DeserializeRequest(WireSerializer.SerializeRequest(request));
        var response = fromClient
            ? await handler.HandleClientCallAsync(copy, cancellationToken).ConfigureAwait(false)
            : await handler.HandleSiloCallAsync(from, copy, cancellationToken).ConfigureAwait(false);
        if (rule?.Kind == LinkKind.HeldReplies && rule.Match!(request))
        {
            await HoldUntilHealedAsync(healed, from, to, sender, handler, fromClient, cancellationToken).ConfigureAwait(false);
        }

        // The reply crosses the same link backwards.
        var back = _rules.GetValueOrDefault((to, from));
        if (back?.Kind == LinkKind.Partitioned || !_silos.ContainsKey(to))
        {
            throw new SiloUnavailableException(to, $"silo {to} became unreachable before answering");
        }

        if (back?.Kind == LinkKind.Dropped && back.Match is null)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, _timeProvider, cancellationToken).ConfigureAwait(false);
        }

        return WireSerializer.DeserializeResponse(WireSerializer.SerializeResponse(response));
    }

    private static TaskCompletionSource NewHealSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    // A held message or answer goes on at the heal only between the silos that were there when it was sent.
    private async Task HoldUntilHealedAsync(
        Task healed, string from, string to, IIncomingCallHandler? sender, IIncomingCallHandler handler, bool fromClient, CancellationToken cancellationToken)
    {
        await healed.WaitAsync(cancellationToken).ConfigureAwait(false);
        var senderGone = !fromClient && !ReferenceEquals(sender, _silos.GetValueOrDefault(from));
        if (senderGone || !ReferenceEquals(handler, _silos.GetValueOrDefault(to)))
        {
            throw new SiloUnavailableException(to, $"a message between {from} and {to} was held until one of them died");
        }
    }

    private void SetBoth(string a, string b, LinkRule rule)
    {
        _rules[(a, b)] = rule;
        _rules[(b, a)] = rule;
    }

    private enum LinkKind
    {
        Partitioned,
        Dropped,
        Delayed,
        Held,
        HeldReplies,
    }

    private sealed record LinkRule(LinkKind Kind, TimeSpan Delay, Func<WireRequest, bool>? Match = null)
    {
        public static readonly LinkRule Partitioned = new(LinkKind.Partitioned, TimeSpan.Zero);
        public static readonly LinkRule Dropped = new(LinkKind.Dropped, TimeSpan.Zero);

        public static LinkRule Delayed(TimeSpan delay, Func<WireRequest, bool>? match = null) => new(LinkKind.Delayed, delay, match);

        public static LinkRule DroppedWhere(Func<WireRequest, bool> match) => new(LinkKind.Dropped, TimeSpan.Zero, match);

        public static LinkRule HeldWhere(Func<WireRequest, bool> match) => new(LinkKind.Held, TimeSpan.Zero, match);

        public static LinkRule HeldRepliesWhere(Func<WireRequest, bool> match) => new(LinkKind.HeldReplies, TimeSpan.Zero, match);
    }
}
