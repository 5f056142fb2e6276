namespace Maildriver.Tests.Processes.Torture;

/// <summary>
/// Watches the Master's status twice a second for the whole run and logs each change of rank or liveness (and
/// each stretch with no answer), so a failure can be read against what the cluster believed at the time.
/// </summary>
public sealed class StatusTimeline(ClusterHealth health, TortureLog log)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    public async Task RunAsync(CancellationToken stop)
    {
        string? shown = null;
        while (!stop.IsCancellationRequested)
        {
            var status = await health.TryStatusAsync();
            // Changes of rank or liveness are news; the counters move all the time under load and are not.
            var now = status is null ? "no status: " + health.LastError?.Split(':')[0] : ClusterHealth.Shape(status);
            if (now != shown)
            {
                log.Write("status: " + (status is null ? "no answer: " + FirstLine(health.LastError) : ClusterHealth.Format(status)));
                shown = now;
            }

            try
            {
                await Task.Delay(Interval, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static string FirstLine(string? text) => text?.Split('\n')[0] ?? "?";
}
