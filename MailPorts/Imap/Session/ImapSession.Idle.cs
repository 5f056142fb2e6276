using System.Text;
using Maildriver.Grains.Server;
using Maildriver.MailPorts.LineProtocol;

namespace Maildriver.MailPorts.Imap.Session;

/// <summary>
/// IDLE (RFC 2177): the client waits and the server tells it of changes as they happen: a letter delivered here
/// (EXISTS), a flag changed on any machine (FETCH), a delete (EXPUNGE); DONE ends it. The machine calls
/// <see cref="IdleWatcher"/> on each change to the user's inbox here; the watch is renewed every minute (it lapses
/// after two).
/// </summary>
internal sealed partial class ImapSession
{
    private static readonly TimeSpan WatchRenewal = TimeSpan.FromMinutes(1);

    private async Task<bool> IdleAsync(string tag)
    {
        var watcher = new IdleWatcher();
        var reference = _grains.CreateObjectReference<IMailboxObserver>(watcher);
        try
        {
            var changed = watcher.Changed;
            await Context.Server.Watch(_token!, reference).ConfigureAwait(false);
            await ReplyAsync("+ idling").ConfigureAwait(false);

            // Whatever changed before the watch began is told now; after it, the watcher says so.
            await SynchroniseAsync().ConfigureAwait(false);
            var line = Connection.ReadLineAsync(MaxLineBytes).AsTask();
            while (!line.IsCompleted)
            {
                using var renewal = new CancellationTokenSource();
                var due = Task.Delay(WatchRenewal, _time, renewal.Token);
                var woke = await Task.WhenAny(line, changed, due).ConfigureAwait(false);
                await renewal.CancelAsync().ConfigureAwait(false);
                if (woke == changed)
                {
                    changed = watcher.Changed;
                    await TrySynchroniseAsync().ConfigureAwait(false);
                }
                else if (woke == due && !await RenewWatchAsync(reference).ConfigureAwait(false))
                {
                    // A new subscription: the machine may have missed telling us something.
                    await TrySynchroniseAsync().ConfigureAwait(false);
                }
            }

            return await IdleEndedAsync(tag, await line.ConfigureAwait(false)).ConfigureAwait(false);
        }
        finally
        {
            _grains.DeleteObjectReference<IMailboxObserver>(reference);
        }
    }

    // While the client's DONE is being read, a failure must not end IDLE with a reply the client does not expect:
    // it is logged, and the next change or renewal tries again.
    private async Task TrySynchroniseAsync()
    {
        try
        {
            await SynchroniseAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (IsMailSystemFailure(ex))
        {
            MailPortsLog.ImapWatchFailed(Context.Logger, _user!, ex.Message);
        }
    }

    private async Task<bool> RenewWatchAsync(IMailboxObserver reference)
    {
        try
        {
            return await Context.Server.Watch(_token!, reference).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsMailSystemFailure(ex))
        {
            MailPortsLog.ImapWatchFailed(Context.Logger, _user!, ex.Message);
            return false;
        }
    }

    private async Task<bool> IdleEndedAsync(string tag, LineRead read)
    {
        switch (read.Status)
        {
            case LineStatus.Line when Encoding.ASCII.GetString(read.Bytes).Equals("DONE", StringComparison.OrdinalIgnoreCase):
                await ReplyAsync($"{tag} OK IDLE terminated").ConfigureAwait(false);
                return true;
            case LineStatus.Line or LineStatus.TooLong:
                await ReplyAsync($"{tag} BAD expected DONE to end IDLE").ConfigureAwait(false);
                return true;
            default:
                await EndAsync(read.Status).ConfigureAwait(false);
                return false;
        }
    }
}
