using Maildriver.Grains.Protocol;

namespace Maildriver.Grains.Replica;

/// <summary>
/// The RTCBACIL list, "Remember To Come Back And Check It Later" (section 8): before a user's inbox is read, the
/// Server process waits until no protoletter in this machine's WorkSpace still names that user, so the inbox shows
/// every letter the Master already had for them. Where the paper's Server process delivers a valid protoletter
/// itself, this one hurries the Delivery process instead.
/// </summary>
internal sealed class Rtcbacil(ReplicaContext replica, WorkSpaceSignal workSpace, Delivery delivery)
{
    /// <summary>
    /// Waits up to <paramref name="wait"/> until no protoletter names <paramref name="user"/>; true if none does,
    /// false if some still did at the deadline.
    /// </summary>
    public async Task<bool> AwaitAsync(string user, TimeSpan wait)
    {
        var deadline = replica.Time.GetUtcNow() + wait;
        while (true)
        {
            // Take the signal before reading the store: a protoletter that changes while the query runs (other turns
            // interleave with this one) must wake the wait below, not be missed until the deadline.
            var changed = workSpace.NextChange;

            // The list: every protoletter that still names this user.
            var rtcbacil = await replica.Store.WorkSpace.FindProtolettersForUserAsync(user);
            if (rtcbacil.Count == 0)
            {
                return true;
            }

            if (rtcbacil.Any(p => p.State == ProtoletterState.Valid))
            {
                delivery.Kick();
            }

            var remaining = deadline - replica.Time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                return false;
            }

            await Task.WhenAny(changed, Task.Delay(remaining, replica.Time));
        }
    }
}
