using Maildriver.Grains.Master;
using Maildriver.Tests.Grains.Protocol;
using Maildriver.Tests.Support;

namespace Maildriver.Tests.Grains.Recovery;

/// <summary>Waits on what the Master reports, through any live gateway.</summary>
internal static class RecoveryAssertions
{
    public static async Task<MasterStatus> WaitForStatusAsync(this MailTestCluster mail, string via, Func<MasterStatus, bool> condition, string because, TimeSpan? within = null)
    {
        MasterStatus? last = null;
        await WaitFor.ConditionAsync(
            async () =>
            {
                try
                {
                    last = await mail.Server(via).Status(await mail.AdminTokenAsync(via));
                    return condition(last);
                }
                catch (Exception ex) when (ex is Maildriver.Runtime.SiloUnavailableException or TimeoutException or Maildriver.Grains.Protocol.NotMasterException)
                {
                    return false;
                }
            },
            within ?? TimeSpan.FromSeconds(20),
            because);
        return last!;
    }
}
