using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace Maildriver.Clustering.Tests.Support;

/// <summary>What the tests of real silos ask of Orleans's membership.</summary>
public static class Membership
{
    /// <summary>DESIGN.md's fast failure detection.</summary>
    public static void Fast(ClusterMembershipOptions options)
    {
        options.ProbeTimeout = TimeSpan.FromSeconds(1);
        options.NumMissedProbesLimit = 2;
        options.NumVotesForDeathDeclaration = 1;
        options.TableRefreshTimeout = TimeSpan.FromSeconds(2);
        options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
    }

    /// <summary>The silos <paramref name="silo"/> sees active now.</summary>
    public static int ActiveSilos(IHost silo)
        => ActiveSilos(silo.Services.GetRequiredService<IClusterMembershipService>().CurrentSnapshot);

    /// <summary>
    /// Waits until <paramref name="silo"/>'s view of the cluster satisfies <paramref name="condition"/>, following
    /// Orleans's membership updates (the first is the current view), for at most 30 s.
    /// </summary>
    public static async Task WaitUntilAsync(IHost silo, Func<ClusterMembershipSnapshot, bool> condition, string what)
    {
        var membership = silo.Services.GetRequiredService<IClusterMembershipService>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(timeout.Token))
            {
                if (condition(snapshot))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
        }

        var members = string.Join(", ", membership.CurrentSnapshot.Members.Values.Select(m => $"{m.Name} {m.Status}"));
        throw new TimeoutException($"waited 30 s for {what}; the silo sees: {members}");
    }

    public static int ActiveSilos(ClusterMembershipSnapshot snapshot)
        => snapshot.Members.Values.Count(m => m.Status == SiloStatus.Active);
}
