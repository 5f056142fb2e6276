using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Maildriver.Benchmarks.ProtocolScenario;

/// <summary>
/// An operator with both pages open on every machine, until stopped (Basic credentials of an administrator):
/// Maildriver's page, one <c>GET /api/overview</c> every 1.5 s, and the Orleans Dashboard's overview, which asks for
/// <c>DashboardCounters</c>, <c>ClusterStats</c> and <c>TopGrainMethods</c> every second (its
/// <c>CounterUpdateIntervalMs</c>).
/// </summary>
public sealed class DashboardViewer : IAsyncDisposable
{
    /// <summary>How often the page refreshes (dashboard.js).</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromMilliseconds(1500);

    /// <summary>How often the Orleans Dashboard's overview asks for its figures (its default counter interval).</summary>
    public static readonly TimeSpan OrleansRefreshInterval = TimeSpan.FromSeconds(1);

    private static readonly string[] OrleansOverview = ["/orleans/DashboardCounters", "/orleans/ClusterStats", "/orleans/TopGrainMethods"];

    private readonly HttpClient _http;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _loops;
    private long _answers;
    private long _failures;
    private long _bytes;
    private long _ticks;
    private long _orleansAnswers;
    private long _orleansFailures;

    private DashboardViewer(IReadOnlyList<DnsEndPoint> dashboards, string user, string password, DashboardPages pages)
    {
        _http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        _loops =
        [
            .. pages.HasFlag(DashboardPages.Maildriver) ? dashboards.Select(d => Task.Run(() => LoopAsync(new Uri($"http://{d.Host}:{d.Port}/api/overview")))) : [],
            .. pages.HasFlag(DashboardPages.Orleans) ? dashboards.Select(d => Task.Run(() => OrleansLoopAsync(d))) : [],
        ];
    }

    /// <summary>Successful page refreshes so far.</summary>
    public long Answers => Interlocked.Read(ref _answers);

    /// <summary>Refreshes that failed.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Successful requests of the Orleans Dashboard's overview so far.</summary>
    public long OrleansAnswers => Interlocked.Read(ref _orleansAnswers);

    /// <summary>Requests of the Orleans Dashboard's overview that failed.</summary>
    public long OrleansFailures => Interlocked.Read(ref _orleansFailures);

    /// <summary>Mean time of a successful refresh.</summary>
    public TimeSpan MeanResponse => Answers == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _ticks) / Answers);

    /// <summary>Mean size of an answer, bytes.</summary>
    public double MeanBytes => Answers == 0 ? 0 : (double)Interlocked.Read(ref _bytes) / Answers;

    /// <summary>Starts looking at every dashboard in <paramref name="dashboards"/>, with <paramref name="pages"/> open.</summary>
    public static DashboardViewer Start(IReadOnlyList<DnsEndPoint> dashboards, string user, string password, DashboardPages pages = DashboardPages.Both)
    {
        ArgumentNullException.ThrowIfNull(dashboards);
        return new DashboardViewer(dashboards, user, password, pages);
    }

    /// <summary>Waits (at most <paramref name="limit"/>) until <paramref name="answers"/> requests of either page have been answered; false if they were not.</summary>
    public async Task<bool> UntilAnsweredAsync(long answers, TimeSpan limit, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        while (Answers + OrleansAnswers < answers)
        {
            if (Stopwatch.GetElapsedTime(start) > limit)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_loops).ConfigureAwait(false);
        _stop.Dispose();
        _http.Dispose();
    }

    private async Task OrleansLoopAsync(DnsEndPoint dashboard)
    {
        using var timer = new PeriodicTimer(OrleansRefreshInterval);
        try
        {
            do
            {
                // The page asks for the three at once and draws when all have come.
                var answers = await Task.WhenAll(OrleansOverview.Select(async path =>
                {
                    try
                    {
                        await _http.GetByteArrayAsync(new Uri($"http://{dashboard.Host}:{dashboard.Port}{path}"), _stop.Token).ConfigureAwait(false);
                        return true;
                    }
                    catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !_stop.IsCancellationRequested))
                    {
                        return false;
                    }
                })).ConfigureAwait(false);
                Interlocked.Add(ref _orleansAnswers, answers.Count(a => a));
                Interlocked.Add(ref _orleansFailures, answers.Count(a => !a));
            }
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Closed.
        }
    }

    private async Task LoopAsync(Uri overview)
    {
        using var timer = new PeriodicTimer(RefreshInterval);
        try
        {
            do
            {
                var start = Stopwatch.GetTimestamp();
                try
                {
                    var body = await _http.GetByteArrayAsync(overview, _stop.Token).ConfigureAwait(false);
                    Interlocked.Add(ref _ticks, Stopwatch.GetTimestamp() - start);
                    Interlocked.Add(ref _bytes, body.Length);
                    Interlocked.Increment(ref _answers);
                }
                catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !_stop.IsCancellationRequested))
                {
                    // Refused, or timed out: a page that shows nothing new this time.
                    Interlocked.Increment(ref _failures);
                }
            }
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Closed.
        }
    }
}
