using System.Threading.Channels;

namespace Maildriver.Client.Reader;

/// <summary>
/// Runs the reader: keys, ticks, polls and answers go into one queue; one loop takes them in turn through
/// <see cref="ReaderUpdate"/>, carries out the effects (requests in the background, so the screen never waits on
/// the network) and draws the new frame when it differs from the last.
/// </summary>
internal sealed class ReaderApp(IReaderTerminal terminal, IMailService mail, ITextEditor editor, ReaderOptions options)
{
    private static readonly TimeSpan TickInterval = TimeSpan.FromSeconds(1);

    private readonly Channel<ReaderMessage> _inbox = Channel.CreateUnbounded<ReaderMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ReaderView _view = new(options.TimeZone);

    /// <summary>The state the loop last reached (for tests and for the word said on leaving).</summary>
    public ReaderState? State { get; private set; }

    /// <summary>Runs until the user quits (or is interrupted); the terminal is given back however it ends.</summary>
    public async Task<int> RunAsync(CancellationToken cancellation)
    {
        var time = options.Time;
        var state = ReaderState.Initial(
            LoginForm.Prefilled(options.Gateways, options.User, options.Password),
            Guid.NewGuid().ToString("N"),
            terminal.Size,
            time.GetUtcNow());
        var first = LoginKeys.Begin(state);
        state = first.State;
        State = state;
        mail.GatewayChanged += OnGatewayChanged;
        ScreenFrame? shown = null;
        var clear = true;
        try
        {
            terminal.Start(
                key => Post(new ReaderMessage.KeyPressed(key)),
                () => Post(new ReaderMessage.Resized(terminal.Size)),
                () => Post(new ReaderMessage.Interrupted()),
                (row, open) => Post(new ReaderMessage.Pointed(row, open)));
            using var poll = time.CreateTimer(_ => Post(new ReaderMessage.PollDue()), null, options.PollInterval, options.PollInterval);
            using var tick = time.CreateTimer(_ => Post(new ReaderMessage.Tick(time.GetUtcNow())), null, TickInterval, TickInterval);
            foreach (var effect in first.Effects)
            {
                _ = Task.Run(() => CarryOutAsync(effect), CancellationToken.None);
            }

            while (true)
            {
                var frame = _view.Render(state);
                if (clear || !frame.SameAs(shown))
                {
                    terminal.Draw(state, frame, clear);
                    (shown, clear) = (frame, false);
                }

                // Everything already queued is taken before the next frame: a burst of keys draws once. Never on the
                // caller's context: Terminal.Gui's Init installs its main loop's context on the thread that calls it,
                // and a loop resumed through it waits on Terminal.Gui's loop (forever, headless, where none runs).
                await _inbox.Reader.WaitToReadAsync(cancellation).ConfigureAwait(false);
                while (_inbox.Reader.TryRead(out var message))
                {
                    var step = ReaderUpdate.Update(state, message);
                    clear |= step.State.Size != state.Size;
                    state = step.State;
                    State = state;
                    foreach (var effect in step.Effects)
                    {
                        switch (effect)
                        {
                            case ReaderEffect.Quit:
                                return 0;
                            case ReaderEffect.Bell:
                                terminal.Bell();
                                break;
                            case ReaderEffect.Redraw:
                                clear = true;
                                break;
                            case ReaderEffect.RunEditor edit:
                                await EditAsync(edit.Text, cancellation).ConfigureAwait(false);
                                clear = true;
                                break;
                            default:
                                _ = Task.Run(() => CarryOutAsync(effect), CancellationToken.None);
                                break;
                        }
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            return 0;
        }
        finally
        {
            mail.GatewayChanged -= OnGatewayChanged;
            terminal.Dispose();
            _inbox.Writer.TryComplete();
        }
    }

    private void Post(ReaderMessage message) => _inbox.Writer.TryWrite(message);

    private void OnGatewayChanged(string from, string to) => Post(new ReaderMessage.GatewayChanging(from, to));

    private async Task EditAsync(string text, CancellationToken cancellation)
    {
        terminal.Suspend();
        try
        {
            Post(new ReaderMessage.EditorClosed(await editor.EditAsync(text, cancellation).ConfigureAwait(false)));
        }
        catch (EditorException ex)
        {
            Post(new ReaderMessage.EditorFailed(ex.Message));
        }
        finally
        {
            terminal.Resume();
        }
    }

    private async Task CarryOutAsync(ReaderEffect effect)
    {
        try
        {
            Post(await AnswerAsync(effect));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Post(FailureOf(effect, Failures.Classify(ex)));
        }
    }

    private async Task<ReaderMessage> AnswerAsync(ReaderEffect effect)
    {
        switch (effect)
        {
            case ReaderEffect.Login login:
                var result = await mail.LoginAsync(login.Gateways, login.User, login.Password);
                return new ReaderMessage.LoggedIn(result.User, result.Machine, mail.CurrentGateway ?? string.Empty);
            case ReaderEffect.Greet:
                return await GreetAsync();
            case ReaderEffect.LearnMachines:
                return new ReaderMessage.MachinesLearned(await mail.LearnMachinesAsync());
            case ReaderEffect.Receive:
                var received = await mail.ReceiveAsync();
                return new ReaderMessage.Received(received.Letters, received.Partial);
            case ReaderEffect.Poll:
                // The poll also asks who is Master and which machine answers: after a takeover or a failover the
                // status line catches up within one poll even if the user touches nothing.
                Post(await GreetAsync());
                var polled = await mail.PollAsync();
                return new ReaderMessage.Polled(polled.Mail, polled.Mail ? await mail.ListAsync() : null);
            case ReaderEffect.Watch:
                return new ReaderMessage.Watching(await mail.WatchAsync(() => Post(new ReaderMessage.MailboxChanged())));
            case ReaderEffect.Sync:
                return new ReaderMessage.Synced(await mail.ListAsync());
            case ReaderEffect.Read read:
                return new ReaderMessage.LetterRead(await mail.ReadAsync(read.LetterId));
            case ReaderEffect.Send send:
                return new ReaderMessage.Sent(send.Request.SubmissionId, (await mail.SendAsync(send.Request)).Id);
            case ReaderEffect.Delete delete:
                await mail.DeleteAsync(delete.LetterId);
                return new ReaderMessage.Deleted(delete.LetterId);
            case ReaderEffect.SaveAttachment save:
                return AttachmentKeys.SaveFile(save);
            default:
                throw new InvalidOperationException($"no way to carry out {effect}");
        }
    }

    private async Task<ReaderMessage> GreetAsync()
    {
        var info = await mail.HelloAsync();
        return new ReaderMessage.Greeted(info, mail.CurrentGateway ?? string.Empty);
    }

    private static ReaderMessage FailureOf(ReaderEffect effect, Failure failure) => effect switch
    {
        ReaderEffect.Login => new ReaderMessage.LoginFailed(failure),
        ReaderEffect.Receive => new ReaderMessage.ReceiveFailed(failure),
        ReaderEffect.Poll => new ReaderMessage.PollFailed(failure),
        ReaderEffect.Read read => new ReaderMessage.ReadFailed(read.LetterId, failure),
        ReaderEffect.Send send => new ReaderMessage.SendFailed(send.Request.SubmissionId, failure),
        ReaderEffect.Delete delete => new ReaderMessage.DeleteFailed(delete.LetterId, failure),
        ReaderEffect.Watch => new ReaderMessage.WatchFailed(failure),
        ReaderEffect.Sync => new ReaderMessage.SyncFailed(failure),
        ReaderEffect.LearnMachines => new ReaderMessage.MachinesLearned(new Dictionary<string, string>()),
        _ => new ReaderMessage.GreetFailed(failure),
    };
}
