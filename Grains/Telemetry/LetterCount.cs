using Maildriver.Grains.Storage;
using Microsoft.Extensions.Logging;

namespace Maildriver.Grains.Telemetry;

/// <summary>
/// How many letter bodies the machine stores, for a gauge read synchronously by whoever scrapes: the last count, and
/// a new one started in the background when it is older than <see cref="MaxAge"/>. So counting costs one query per
/// <see cref="MaxAge"/> while something scrapes, and nothing while nobody does.
/// </summary>
public sealed partial class LetterCount(MailStore store, TimeProvider time, ILogger<LetterCount> logger)
{
    /// <summary>How old a count may be before a scrape starts another.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    private readonly Lock _lock = new();
    private long? _count;
    private long _countedAt;
    private bool _counting;

    /// <summary>The last count (null before the first one finished); starts a new one if it is stale.</summary>
    public long? Latest()
    {
        lock (_lock)
        {
            if (!_counting && (_count is null || time.GetElapsedTime(_countedAt) > MaxAge))
            {
                _counting = true;
                _ = CountAsync();
            }

            return _count;
        }
    }

    private async Task CountAsync()
    {
        long? count = null;
        try
        {
            count = (await store.GetStatsAsync().ConfigureAwait(false)).Letters;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A store that cannot be read leaves the gauge at its last value; the dashboard shows the error.
            LogCountFailed(logger, ex.Message);
        }

        lock (_lock)
        {
            _counting = false;
            if (count is not null)
            {
                _count = count;
                _countedAt = time.GetTimestamp();
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "could not count the stored letters: {Reason}")]
    private static partial void LogCountFailed(ILogger logger, string reason);
}
