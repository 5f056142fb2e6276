using Maildriver.Grains.Server;

namespace Maildriver.MailPorts.Imap.Session;

/// <summary>
/// IDLE's ear on the user's inbox here (the machine calls it through <see cref="IMailServer.Watch"/>): each call
/// completes the task that <see cref="Changed"/> handed out, so a change between taking the task and awaiting it is
/// not lost. It says only that something changed; the session looks at the inbox to learn what.
/// </summary>
internal sealed class IdleWatcher : IMailboxObserver
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next change after it was taken.</summary>
    public Task Changed => Volatile.Read(ref _next).Task;

    /// <inheritdoc/>
    public Task MailboxChanged()
    {
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        return Task.CompletedTask;
    }
}
