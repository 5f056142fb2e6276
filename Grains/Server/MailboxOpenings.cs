using System.Collections.Concurrent;
using Maildriver.Grains.Protocol;
using Maildriver.Grains.Storage;

namespace Maildriver.Grains.Server;

/// <summary>
/// The inboxes opened by IMAP's SELECT on this machine (one per silo) whose letters are being read behind the answer:
/// <see cref="IMailServer.Open"/> leaves the read here under a ticket, <see cref="IMailServer.OpenedLetters"/> takes it.
/// The front door is a stateless worker with an activation per core, so the two calls may reach different
/// activations of it, but always this machine's. A read not taken within <see cref="IMailServer.OpenedLettersKept"/>
/// (its client left) is dropped at the next opening; the read itself gives its connection back when it ends, or when
/// <see cref="IMailServer.CloseOpened"/> stops it.
/// </summary>
public sealed class MailboxOpenings(TimeProvider time)
{
    private readonly ConcurrentDictionary<Guid, Opening> _openings = new();

    /// <summary>Starts reading <paramref name="read"/>'s letters off the caller's turn; returns the ticket to take them with.</summary>
    public Guid Add(string user, MailboxRead read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var now = time.GetUtcNow();
        foreach (var (ticket, stale) in _openings)
        {
            if (now - stale.Opened > IMailServer.OpenedLettersKept && _openings.TryRemove(ticket, out _))
            {
                stale.Closing.Cancel();
            }
        }

        var closing = new CancellationTokenSource();
        var letters = Task.Run(() => read.ReadLettersAsync(closing.Token));
        var added = Guid.NewGuid();
        _openings[added] = new Opening(user, now, letters, closing);
        return added;
    }

    /// <summary>
    /// The letters read under <paramref name="ticket"/> for <paramref name="user"/>, forgotten once they came; null for any
    /// other ticket. Until they come, <see cref="Close"/> can still stop their read.
    /// </summary>
    public Task<IReadOnlyList<MailboxEntry>>? Take(Guid ticket, string user)
        => _openings.TryGetValue(ticket, out var opening) && opening.User == user ? TakeAsync(ticket, opening.Letters) : null;

    private async Task<IReadOnlyList<MailboxEntry>> TakeAsync(Guid ticket, Task<IReadOnlyList<MailboxEntry>> letters)
    {
        try
        {
            return await letters;
        }
        finally
        {
            _openings.TryRemove(ticket, out _);
        }
    }

    /// <summary>Stops the read under <paramref name="ticket"/> if <paramref name="user"/> opened it, and forgets it; else nothing.</summary>
    public void Close(Guid ticket, string user)
    {
        if (_openings.TryGetValue(ticket, out var opening) && opening.User == user && _openings.TryRemove(ticket, out _))
        {
            opening.Closing.Cancel();
        }
    }

    private sealed record Opening(string User, DateTimeOffset Opened, Task<IReadOnlyList<MailboxEntry>> Letters, CancellationTokenSource Closing);
}
