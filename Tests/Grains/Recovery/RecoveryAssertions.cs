using Maildriver.Clustering.Placement;
using Maildriver.Grains.Server;
using Maildriver.Tests.Grains.Protocol;
using Maildriver.Tests.Support;
using Maildriver.Grains.Protocol;

namespace Maildriver.Tests.Grains.Recovery;

/// <summary>Waits on what the Master reports, through any live gateway.</summary>
internal static class RecoveryAssertions
{
    public static async Task<MasterStatus> WaitForStatusAsync(this MailTestCluster mail, string via, Func<MasterStatus, bool> condition, string because, TimeSpan? within = null)
    {
        MasterStatus? last = null;
        Exception? lastError = null;
        try
        {
            await WaitFor.ConditionAsync(
                async () =>
                {
                    try
                    {
                        last = await mail.Server(via).Status(await mail.AdminTokenAsync(via));
                        return condition(last);
                    }
                    catch (Exception ex) when (Unreachable.Is(ex) || ex is Maildriver.Grains.Protocol.NotMasterException)
                    {
                        lastError = ex;
                        return false;
                    }
                },
                within ?? TimeSpan.FromSeconds(20),
                because);
        }
        catch (TimeoutException ex)
        {
            // Say where the cluster stood, so that a failure can be read without a rerun.
            throw new TimeoutException($"{ex.Message}; last status via {via}: {Describe(last)}; last error: {lastError?.Message ?? "none"}", ex);
        }

        return last!;
    }

    private static string Describe(MasterStatus? s) => s is null
        ? "none"
        : $"Master {s.Master}, Lieutenant {s.Lieutenant ?? "none"}, epoch {s.Epoch}, "
          + string.Join(" ", s.Machines.Select(m => $"{m.Name}:{(m.Up ? "up" : "dead")}/{m.CatchupPending}"))
          + $", sends {s.PendingSends}, deletes {s.PendingDeletes}, live work {s.LiveWork}, not acknowledging: {s.NotAcknowledging ?? "-"}";
}
