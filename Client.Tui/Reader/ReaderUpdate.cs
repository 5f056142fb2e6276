namespace Maildriver.Client.Reader;

/// <summary>
/// The reader's logic as one pure function: a state and a message give the next state and the effects to carry
/// out. No clock, no network, no terminal; the tests drive it with plain values.
/// </summary>
internal static class ReaderUpdate
{
    public static ReaderStep Update(ReaderState state, ReaderMessage message) => message switch
    {
        ReaderMessage.KeyPressed k => OnKey(state, k.Key),
        ReaderMessage.Pointed p => ListKeys.OnPoint(state, p.Row, p.Open),
        ReaderMessage.Resized r => state with { Size = r.Size, PaneScroll = ListKeys.ClampScroll(state with { Size = r.Size }, state.PaneScroll) },
        ReaderMessage.Tick t => Heartbeat(LoginKeys.RetryIfDue(state with { Now = t.Now })),
        // With the push in place the poll only renews the subscription (which also re-makes it on a machine that
        // restarted); without it, it polls as before: the fallback.
        ReaderMessage.PollDue when state.LoggedIn && state.Pushed => new ReaderStep(state, [new ReaderEffect.Watch()]),
        ReaderMessage.PollDue => state.LoggedIn && !state.Polling
            ? new ReaderStep(state with { Polling = true }, [new ReaderEffect.Poll(), new ReaderEffect.Watch()])
            : state,
        ReaderMessage.Interrupted => new ReaderStep(state, [new ReaderEffect.Quit()]),
        _ => Answers.On(state, message),
    };

    private static ReaderStep OnKey(ReaderState state, ConsoleKeyInfo key)
    {
        if (state.Prompt is not null)
        {
            return ListKeys.OnPrompt(state with { Flash = null }, state.Prompt, key);
        }

        // Any key dismisses the last message, as in mutt; the key may put up a new one.
        var s = state.Flash is null ? state : state with { Flash = null };
        return s.Screen switch
        {
            Screen.Login => LoginKeys.On(s, key),
            Screen.Index => ListKeys.OnIndex(s, key),
            Screen.Pager => ListKeys.OnPager(s, key),
            Screen.Compose => ComposeKeys.OnCompose(s, key),
            Screen.Review => ComposeKeys.OnReview(s, key),
            Screen.Help => ListKeys.OnHelp(s, key),
            // The letter is in flight; every key waits until its outcome is known.
            _ => state,
        };
    }

    /// <summary>
    /// Each tick (a second) asks the connected machine who it is, unless a Hello is already on its way: when the
    /// machine dies the Hello fails over, so the status line says "reconnecting to MD1…" and then "connected" on
    /// the machine the client moved to within about a second, not at the next poll or key press.
    /// </summary>
    private static ReaderStep Heartbeat(ReaderStep step)
        => step.State is { LoggedIn: true, Greeting: false } s && step.Effects.Count == 0
            ? new ReaderStep(s with { Greeting = true }, [new ReaderEffect.Greet()])
            : step;

    /// <summary>"Key 'x' does nothing here", for a printable key no table binds.</summary>
    public static ReaderState Unbound(ReaderState state, ConsoleKeyInfo key)
        => ReaderKeyMap.IsTyping(key) ? state with { Flash = new Flash($"Key '{key.KeyChar}' does nothing here; ? for help.") } : state;
}
