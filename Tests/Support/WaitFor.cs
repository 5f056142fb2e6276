namespace Maildriver.Tests.Support;

/// <summary>
/// Waits for a condition that another thread will make true, polling with a bounded deadline. This is the
/// synchronisation point for effects with no completion signal of their own (a timer tick, a background
/// deactivation); the deadline only bounds a failing test.
/// </summary>
public static class WaitFor
{
    public static Task ConditionAsync(Func<bool> condition, TimeSpan? timeout = null, string? because = null)
        => ConditionAsync(() => Task.FromResult(condition()), timeout, because);

    public static async Task ConditionAsync(Func<Task<bool>> condition, TimeSpan? timeout = null, string? because = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"condition not met within {(timeout ?? TimeSpan.FromSeconds(20)).TotalSeconds} s{(because is null ? "" : ": " + because)}");
            }

            await Task.Delay(20);
        }
    }
}
