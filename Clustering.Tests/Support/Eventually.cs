using System.Diagnostics;

namespace Maildriver.Clustering.Tests.Support;

/// <summary>
/// Waits, bounded, for a condition that Orleans reaches on its own schedule (membership declaring a silo dead) and
/// that no event of ours signals. Polling, not sleeping: it returns as soon as the condition holds.
/// </summary>
internal static class Eventually
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    /// <summary>Returns how long <paramref name="condition"/> took to hold; throws after <paramref name="limit"/>.</summary>
    public static async Task<TimeSpan> Until(Func<bool> condition, TimeSpan limit, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"waited {limit} for {what}");
            }

            await Task.Delay(Poll);
        }

        return clock.Elapsed;
    }

    /// <summary>As <see cref="Until"/>, for a condition that asks a grain.</summary>
    public static async Task<TimeSpan> UntilAsync(Func<Task<bool>> condition, TimeSpan limit, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"waited {limit} for {what}");
            }

            await Task.Delay(Poll);
        }

        return clock.Elapsed;
    }
}
