using System.Diagnostics;
using Maildriver.Benchmarks.ProtocolScenario;
using Maildriver.Grains.Server;

namespace Maildriver.Benchmarks.CrashScenario;

/// <summary>
/// A user sending all the time: a new letter every interval, each with its own submission id, each repeated with
/// the same submission id until it is acknowledged. A new send starts on schedule even while earlier ones hang
/// (up to a bound), so that after a crash there are always sends whose first request started after it: the
/// failover figure is the first of those to be acknowledged, and a one-at-a-time sender could only offer the send
/// that was already in flight at the crash.
/// </summary>
public sealed class ContinuousSender
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(50);
    private readonly IMailServer _server;
    private readonly string _token;
    private readonly string _recipient;
    private readonly string _prefix;
    private readonly List<SentLetter> _acknowledged = [];
    private readonly List<Task> _sends = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stopStarting = new();
    private readonly CancellationTokenSource _abandon = new();
    private readonly TaskCompletionSource _watched = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _watchFrom = long.MaxValue;
    private int _outstanding;
    private int _failedAttempts;
    private string? _firstError;
    private Task _loop = Task.CompletedTask;

    private ContinuousSender(IMailServer server, string token, string recipient, string prefix)
    {
        _server = server;
        _token = token;
        _recipient = recipient;
        _prefix = prefix;
    }

    /// <summary>Attempts that failed (each was repeated).</summary>
    public int FailedAttempts => Volatile.Read(ref _failedAttempts);

    /// <summary>The first failure's message, if any attempt failed.</summary>
    public string? FirstError => Volatile.Read(ref _firstError);

    /// <summary>The acknowledged sends so far, in the order the acknowledgements arrived.</summary>
    public IReadOnlyList<SentLetter> Acknowledged
    {
        get
        {
            lock (_lock)
            {
                return [.. _acknowledged];
            }
        }
    }

    /// <summary>Starts sending small letters to <paramref name="recipient"/> through <paramref name="server"/>.</summary>
    /// <param name="server">The client API (its gateways decide where the letters enter).</param>
    /// <param name="token">The sender's login token.</param>
    /// <param name="recipient">Whom every letter goes to.</param>
    /// <param name="prefix">Makes the submission ids unique to this sender (e.g. the round).</param>
    /// <param name="interval">A new send every interval.</param>
    /// <param name="maxOutstanding">No new send starts while this many are unacknowledged.</param>
    public static ContinuousSender Start(IMailServer server, string token, string recipient, string prefix, TimeSpan interval, int maxOutstanding)
    {
        var sender = new ContinuousSender(server, token, recipient, prefix);
        sender._loop = sender.RunAsync(interval, maxOutstanding);
        return sender;
    }

    /// <summary>
    /// Waits (at most <paramref name="limit"/>) for the first acknowledgement of a send whose first request started
    /// at or after <paramref name="timestamp"/> (<see cref="Stopwatch"/> ticks); null when none came in time.
    /// </summary>
    public async Task<SentLetter?> FirstAckOfSendStartedAfterAsync(long timestamp, TimeSpan limit)
    {
        Volatile.Write(ref _watchFrom, timestamp);
        if (FirstStartedAfter(timestamp) is null)
        {
            await Task.WhenAny(_watched.Task, Task.Delay(limit)).ConfigureAwait(false);
        }

        // The earliest by its own timestamp, not whichever acknowledgement's thread signalled first.
        return FirstStartedAfter(timestamp);
    }

    /// <summary>
    /// Stops starting sends, waits (at most <paramref name="drain"/>) for those under way to be acknowledged, then
    /// abandons the rest. Returns how many were abandoned.
    /// </summary>
    public async Task<int> StopAsync(TimeSpan drain)
    {
        await _stopStarting.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        Task[] sends;
        lock (_lock)
        {
            sends = [.. _sends];
        }

        await Task.WhenAny(Task.WhenAll(sends), Task.Delay(drain)).ConfigureAwait(false);
        var abandoned = sends.Count(s => !s.IsCompleted);
        await _abandon.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(sends).ConfigureAwait(false);
        _stopStarting.Dispose();
        _abandon.Dispose();
        return abandoned;
    }

    private SentLetter? FirstStartedAfter(long timestamp)
    {
        lock (_lock)
        {
            return _acknowledged.Where(s => s.Started >= timestamp).MinBy(s => s.Acknowledged);
        }
    }

    private async Task RunAsync(TimeSpan interval, int maxOutstanding)
    {
        using var timer = new PeriodicTimer(interval);
        long sequence = 0;
        try
        {
            do
            {
                if (Volatile.Read(ref _outstanding) < maxOutstanding)
                {
                    Interlocked.Increment(ref _outstanding);
                    var send = SendAsync($"{_prefix}-{sequence++}");
                    lock (_lock)
                    {
                        _sends.Add(send);
                    }
                }
            }
            while (await timer.WaitForNextTickAsync(_stopStarting.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (_stopStarting.IsCancellationRequested)
        {
            // Stopped.
        }
    }

    private async Task SendAsync(string submissionId)
    {
        var started = Stopwatch.GetTimestamp();
        var request = new SendRequest([_recipient], "failover", LetterBody.Small, submissionId);
        try
        {
            for (var attempt = 1; !_abandon.IsCancellationRequested; attempt++)
            {
                try
                {
                    var result = await _server.Send(_token, request).WaitAsync(_abandon.Token).ConfigureAwait(false);
                    var sent = new SentLetter(submissionId, result.Id, started, Stopwatch.GetTimestamp(), attempt);
                    lock (_lock)
                    {
                        _acknowledged.Add(sent);
                    }

                    if (started >= Volatile.Read(ref _watchFrom))
                    {
                        _watched.TrySetResult();
                    }

                    return;
                }
                catch (Exception ex) when (!_abandon.IsCancellationRequested)
                {
                    // Refused or failed while the Master changes: the same submission id again, so it is one letter.
                    Interlocked.Increment(ref _failedAttempts);
                    Interlocked.CompareExchange(ref _firstError, $"{ex.GetType().Name}: {ex.Message}", null);
                }

                await Task.Delay(RetryDelay, _abandon.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_abandon.IsCancellationRequested)
        {
            // Abandoned at the end of the round.
        }
        finally
        {
            Interlocked.Decrement(ref _outstanding);
        }
    }
}
