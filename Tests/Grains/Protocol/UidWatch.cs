namespace Maildriver.Tests.Grains.Protocol;

/// <summary>
/// Watches one user's inbox on one machine as an IMAP client would, listing it over and over while a test runs, and
/// records every time a letter appears with a UID lower than one already seen there (RFC 3501 2.3.1.1: each letter
/// added to a mailbox has a higher UID than every letter added before it). A list that fails (the machine is down
/// for a while) is skipped.
/// </summary>
internal sealed class UidWatch : IAsyncDisposable
{
    private readonly MailTestCluster _mail;
    private readonly string _machine;
    private readonly string _user;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _violations = [];
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Task _loop;
    private long _highest;
    private int _lists;

    public UidWatch(MailTestCluster mail, string machine, string user)
    {
        _mail = mail;
        _machine = machine;
        _user = user;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Stops watching and returns what broke the rule, with how many lists were taken.</summary>
    public async Task<(IReadOnlyList<string> Violations, int Lists)> StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        return (_violations, _lists);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                Observe(await MailboxUids.OnAsync(_mail, _machine, _user));
                _lists++;
            }
            catch (Exception) when (!_stop.IsCancellationRequested)
            {
                // The machine is down or restarting: nothing to observe this time.
            }

            // A pace for the sampling, not a wait for anything: every list is checked whatever it finds.
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), _stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private void Observe(IReadOnlyList<MailboxUids.Entry> inbox)
    {
        var fresh = inbox.Where(e => !_seen.Contains(e.Id)).ToList();
        foreach (var entry in fresh)
        {
            if (entry.Uid <= _highest)
            {
                _violations.Add($"{_machine}: {_user}'s {entry.Id} appeared with UID {entry.Uid} after UID {_highest} was shown");
            }
        }

        foreach (var entry in fresh)
        {
            _seen.Add(entry.Id);
            _highest = Math.Max(_highest, entry.Uid);
        }
    }
}
