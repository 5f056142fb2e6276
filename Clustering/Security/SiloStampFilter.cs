namespace Maildriver.Clustering.Security;

/// <summary>
/// Puts a <see cref="SiloStamp"/> on every grain call this silo sends, whether from a grain or from silo code outside
/// grains: Orleans runs a silo's outgoing filters for its hosted client's calls too, since both share one
/// grain reference runtime.
/// </summary>
internal sealed class SiloStampFilter(SiloStamp stamp) : IOutgoingGrainCallFilter
{
    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        // System targets are let through by the front door anyway, and clients run no filter of ours: the stamp
        // would only cost a hash (membership probes go this way) or hand a client a value it has no use for. A
        // silo's hosted client is the exception: observers made in a silo (an IMAP session's IDLE watcher) live there,
        // and the front door filter runs on its incoming calls, so calls to them need the stamp like any grain's.
        var target = context.TargetId;
        if (target.IsSystemTarget() || (target.IsClient() && !IsHostedClient(target)))
        {
            await context.Invoke();
            return;
        }

        // Set inside this async method, the stamp reaches the message sent below and not the caller's context after
        // the call returns.
        RequestContext.Set(SiloStamp.Key, stamp.Create(target));
        await context.Invoke();
    }

    // Orleans keys a silo's hosted client (and the observers it holds, "<client>+<observer>") "hosted-<silo address>".
    private static bool IsHostedClient(GrainId target) => target.Key.ToString().StartsWith("hosted-", StringComparison.Ordinal);
}
