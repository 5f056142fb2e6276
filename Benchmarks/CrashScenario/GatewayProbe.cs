using System.Diagnostics;
using Maildriver.Client.Connection;
using Maildriver.Grains.Server;

namespace Maildriver.Benchmarks.CrashScenario;

/// <summary>
/// Waits for a restarted machine's gateway to answer at all, which separates .NET and silo start-up from the
/// protocol work that follows.
/// </summary>
public static class GatewayProbe
{
    /// <summary>
    /// Calls <c>Hello</c> on <paramref name="server"/> (a client of that one gateway) every <paramref name="interval"/>
    /// until it answers; returns when, in <see cref="Stopwatch"/> ticks, or null after <paramref name="limit"/>.
    /// </summary>
    public static async Task<long?> UntilAnswersAsync(IMailServer server, TimeSpan interval, TimeSpan limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        var start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(start) < limit)
        {
            try
            {
                await server.Hello().ConfigureAwait(false);
                return Stopwatch.GetTimestamp();
            }
            catch (Exception ex) when (ex is GatewayUnavailableException or TimeoutException)
            {
                // Not listening yet: the failover client of this one gateway could not connect (a refused
                // connection fails at once), or connected and had no answer.
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // Any other failure came back from the silo: it answered.
                return Stopwatch.GetTimestamp();
            }

            await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
        }

        return null;
    }
}
