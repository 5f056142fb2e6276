using Maildriver.Grains.Server;

namespace Maildriver.Client.Reader;

/// <summary>Keys while writing a letter and on the review screen before it goes.</summary>
internal static class ComposeKeys
{
    /// <summary>Begins a letter (a reply when <paramref name="reply"/> is given) with a submission id of its own.</summary>
    public static ReaderState Begin(ReaderState s, LetterItem? reply)
    {
        var count = s.DraftCount + 1;
        var submissionId = $"{s.SessionId}.{count}";
        var draft = reply is null ? Draft.New(submissionId) : Draft.ReplyTo(reply, submissionId);
        return s with { Screen = Screen.Compose, Draft = draft, DraftCount = count };
    }

    public static ReaderStep OnCompose(ReaderState s, ConsoleKeyInfo key)
    {
        if (s.Draft is not { } draft)
        {
            return s with { Screen = Screen.Index };
        }

        var command = ReaderKeyMap.TextFor(ReaderKeyMap.Compose, key);
        var inBody = draft.Focus == DraftField.Body;
        switch (command)
        {
            case TextCommand.NextField:
                return Focus(s, draft, draft.Focus == DraftField.Body ? DraftField.To : draft.Focus + 1);
            case TextCommand.PreviousField:
                return Focus(s, draft, draft.Focus == DraftField.To ? DraftField.Body : draft.Focus - 1);
            case TextCommand.Enter when inBody:
                return s with { Draft = draft with { Body = draft.Body.Insert('\n') } };
            case TextCommand.Enter or TextCommand.Down when !inBody:
                return Focus(s, draft, draft.Focus + 1);
            case TextCommand.Up when !inBody:
                return Focus(s, draft, draft.Focus == DraftField.To ? DraftField.To : draft.Focus - 1);
            case TextCommand.Up when draft.Body.Line == 0:
                return Focus(s, draft, DraftField.Subject);
            case TextCommand.Up:
                return s with { Draft = draft with { Body = draft.Body.Up() } };
            case TextCommand.Down:
                return s with { Draft = draft with { Body = draft.Body.Down() } };
            case TextCommand.Done:
                return s with { Screen = Screen.Review };
            case TextCommand.Editor:
                return new ReaderStep(s, [new ReaderEffect.RunEditor(draft.Body.Text)]);
            default:
                return s with { Draft = draft.WithFocused(TextEditing.Apply(draft.Focused, command, key)) };
        }
    }

    public static ReaderStep OnReview(ReaderState s, ConsoleKeyInfo key)
    {
        if (s.Draft is not { } draft)
        {
            return s with { Screen = Screen.Index };
        }

        return ReaderKeyMap.CommandFor(ReaderKeyMap.Review, key) switch
        {
            ReaderCommand.Send => Send(s, draft),
            ReaderCommand.EditInEditor => new ReaderStep(s, [new ReaderEffect.RunEditor(draft.Body.Text)]),
            ReaderCommand.EditBody => Edit(s, draft, DraftField.Body),
            ReaderCommand.EditTo => Edit(s, draft, DraftField.To),
            ReaderCommand.EditSubject => Edit(s, draft, DraftField.Subject),
            ReaderCommand.Help => s with { Screen = Screen.Help, HelpReturn = Screen.Review, HelpScroll = 0 },
            ReaderCommand.Back when draft.IsBlank => s with { Draft = null, Screen = Screen.Index },
            ReaderCommand.Back => s with { Prompt = new Prompt.ConfirmAbandon() },
            _ => ReaderUpdate.Unbound(s, key),
        };
    }

    /// <summary>
    /// Sends the draft as it stands, with the draft's own submission id: the first attempt and every retry carry the
    /// same one, so whatever happened to an earlier attempt, the server keeps one letter.
    /// </summary>
    private static ReaderStep Send(ReaderState s, Draft draft)
    {
        if (draft.Recipients.Count == 0)
        {
            return s with { Flash = Flash.Error("No recipients: t to add some.") };
        }

        var request = new SendRequest(draft.Recipients, draft.Subject.Text, draft.Body.Text, draft.SubmissionId);
        return new ReaderStep(
            s with { Screen = Screen.Sending, SendingSince = s.Now, Draft = draft with { Attempts = draft.Attempts + 1 } },
            [new ReaderEffect.Send(request)]);
    }

    private static ReaderState Edit(ReaderState s, Draft draft, DraftField field)
    {
        // One-line fields are entered at their end, the body where the cursor was left.
        var focused = field switch
        {
            DraftField.To => draft with { To = draft.To.End() },
            DraftField.Subject => draft with { Subject = draft.Subject.End() },
            _ => draft,
        };
        return s with { Screen = Screen.Compose, Draft = focused with { Focus = field } };
    }

    private static ReaderState Focus(ReaderState s, Draft draft, DraftField field)
        => s with { Draft = draft with { Focus = (DraftField)Math.Clamp((int)field, 0, (int)DraftField.Body) } };
}
