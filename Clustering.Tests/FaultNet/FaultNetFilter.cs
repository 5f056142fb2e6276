using System.Collections.Immutable;
using Maildriver.Clustering.Placement;

namespace Maildriver.Clustering.Tests.FaultNet;

/// <summary>
/// One node's end of the <see cref="FaultNetwork"/>: every grain call this silo (or client) sends goes through here and
/// is cut, dropped, delayed or held as the network's rules say.
/// </summary>
/// <param name="net">The network shared by the whole test cluster.</param>
/// <param name="name">This node's machine name (the silo's name, or <see cref="FaultNetwork.ClientName"/>).</param>
/// <param name="responseTimeout">How long a caller of a dropped call waits before its timeout, as Orleans would.</param>
/// <param name="membership">This silo's membership view, to fail held calls whose ends died; none on a client.</param>
/// <param name="time">The clock of delays and timeouts.</param>
internal sealed class FaultNetFilter(
    FaultNetwork net, string name, TimeSpan responseTimeout, IClusterMembershipService? membership, TimeProvider time)
    : IOutgoingGrainCallFilter
{
    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        if (context.TargetId.IsSystemTarget() || context.TargetId.IsClient())
        {
            await context.Invoke();
            return;
        }

        var call = new NetCall(name, MachineKey.Of(context.TargetId), context);
        // Read before the rules: a heal that clears a hold after this point also releases this call.
        var (rules, healed) = net.Current();
        if (Matches(rules, FaultKind.Cut, call))
        {
            throw new SiloUnavailableException($"{call.To} is unreachable from {call.From} (fault net): {call}");
        }

        if (Matches(rules, FaultKind.Drop, call))
        {
            await Task.Delay(responseTimeout, time);
            throw new TimeoutException($"no reply within {responseTimeout} (the fault net dropped {call})");
        }

        if (Matches(rules, FaultKind.Hold, call))
        {
            await HoldUntilHealedAsync(call, healed);
        }

        if (rules.FirstOrDefault(r => r.Kind == FaultKind.Delay && r.Match(call)) is { } delay)
        {
            await Task.Delay(delay.Delay, time);
        }

        await context.Invoke();
        if (Matches(rules, FaultKind.HoldReply, call))
        {
            await HoldUntilHealedAsync(call, healed);
        }

        // The reply crosses the same link backwards: a partition made meanwhile loses it.
        if (Matches(net.Current().Rules, FaultKind.Cut, call))
        {
            throw new SiloUnavailableException($"{call.To} became unreachable from {call.From} before answering (fault net): {call}");
        }
    }

    private static bool Matches(ImmutableList<FaultRule> rules, FaultKind kind, NetCall call)
        => rules.Any(r => r.Kind == kind && r.Match(call));

    private async Task HoldUntilHealedAsync(NetCall call, Task healed)
    {
        var before = (Incarnation(call.From), Incarnation(call.To));
        net.Holding(call);
        await healed;
        if ((Incarnation(call.From), Incarnation(call.To)) != before)
        {
            throw new SiloUnavailableException($"held until one end died or restarted (fault net): {call}");
        }
    }

    // The Active silo named machine, as this silo sees it; a restart gives a new address (a new generation).
    private SiloAddress? Incarnation(string machine)
        => membership?.CurrentSnapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active && m.Name == machine)
            .Select(m => m.SiloAddress)
            .MaxBy(a => a.Generation);
}
