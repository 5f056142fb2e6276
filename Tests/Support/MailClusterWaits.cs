using Maildriver.Grains.Hosting;
using Maildriver.Grains.Protocol;
using Maildriver.Grains.Server;
using Microsoft.Extensions.DependencyInjection;

namespace Maildriver.Tests.Support;

/// <summary>The waits every in-process mail cluster of the tests needs before and while it is used.</summary>
public static class MailClusterWaits
{
    /// <summary>Waits (bounded) until <paramref name="machine"/> runs and serves clients: a new or wiped machine first copies the Master's.</summary>
    public static Task UntilServingAsync(MachineCluster cluster, string machine)
        => WaitFor.ConditionAsync(
            () => cluster.IsRunning(machine) && cluster.GetSilo(machine).Services.GetRequiredService<SiloReadiness>().IsReady,
            TimeSpan.FromSeconds(30),
            $"{machine} serving clients");

    /// <summary>Logs in as admin through <paramref name="server"/>, waiting (up to 20 s) for the bootstrap admin to reach that machine.</summary>
    public static async Task<string> AdminTokenAsync(IMailServer server, string password)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                return (await server.Login("admin", password)).Token;
            }
            catch (RequestRefusedException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }
        }
    }
}
