using System.Collections.Concurrent;
using Maildriver.MailPorts.LineProtocol;

namespace Maildriver.MailPorts.Smtp;

/// <summary>
/// The open SMTP connections of a port: who may come in (the machine serves, the limit is not reached), the
/// refusals on their way out, and the orderly stop: every session told to end (each says goodbye at its next
/// read), a few seconds for them to do so, then the rest cut.
/// </summary>
internal sealed class SubmissionConnections(MailPortContext context, TimeProvider time) : IAsyncDisposable
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<SubmissionPipe, Task> _open = new();
    private readonly ConcurrentDictionary<Task, bool> _refusals = new();
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Cancelled when the port stops.</summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>Why <paramref name="connection"/> may not come in, as the reply to give it, or null.</summary>
    public string? Admit(LineConnection connection)
    {
        var domain = context.Options.Mailbox.Domain;
        if (context.Readiness.NotReadyReason is { } reason)
        {
            // Like the gateway's 503: a temporary refusal, so the client tries again or another machine.
            return SmtpReplies.NotReady(domain, reason);
        }

        if (_open.Count >= context.Options.MaxConnections)
        {
            MailPortsLog.Busy(context.Logger, "SMTP", connection.Remote, context.Options.MaxConnections);
            return SmtpReplies.Busy;
        }

        return null;
    }

    /// <summary>Gives <paramref name="connection"/> its refusal and closes it, without holding up the next client.</summary>
    public void Refuse(LineConnection connection, string reply)
    {
        var refusal = RefuseAsync(connection, reply);
        _refusals[refusal] = true;
        _ = refusal.ContinueWith(t => _refusals.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Opens a session's pipe over <paramref name="connection"/>, counted until SmtpServer closes it.</summary>
    public SubmissionPipe Open(LineConnection connection, SubmissionSession session)
    {
        session.Remote = connection.Remote;
        var pipe = new SubmissionPipe(connection, session, context);
        _open[pipe] = pipe.Closed;
        _ = pipe.Closed.ContinueWith(_ => _open.TryRemove(pipe, out Task? _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return pipe;
    }

    /// <summary>The orderly stop: no new connections; sessions are told to end and get a few seconds to say goodbye.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_open.Values.Concat(_refusals.Keys)).WaitAsync(DrainTimeout, time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A session still waiting on a grain call: closing its connection ends it.
            foreach (var pipe in _open.Keys)
            {
                pipe.Abort();
            }
        }
    }

    private static async Task RefuseAsync(LineConnection connection, string reply)
    {
        await using (connection.ConfigureAwait(false))
        {
            await connection.WriteFinalLineAsync(reply).ConfigureAwait(false);
        }
    }
}
