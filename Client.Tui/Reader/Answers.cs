namespace Maildriver.Client.Reader;

/// <summary>What the reader does with answers from the cluster, and with the external editor's result.</summary>
internal static class Answers
{
    public static ReaderStep On(ReaderState s, ReaderMessage message) => message switch
    {
        ReaderMessage.LoggedIn m => LoggedIn(s, m),
        ReaderMessage.LoginFailed m => LoginFailed(s, m.Failure),
        ReaderMessage.Greeted m => s with
        {
            Greeting = false,
            Connection = s.Connection.Learn(m.Gateway, m.Info.Machine) with
            {
                State = LinkState.Connected,
                Machine = m.Info.Machine,
                Master = m.Info.Master,
                Target = null,
            },
        },
        ReaderMessage.GreetFailed m => Failed(s with { Greeting = false }, m.Failure),
        ReaderMessage.MachinesLearned m => s with
        {
            Connection = m.Machines.Aggregate(s.Connection, (c, kv) => c.Learn(kv.Key, kv.Value)),
        },
        // Before the login the login's own answer says where the reader is.
        ReaderMessage.GatewayChanging when !s.LoggedIn => s,
        // A subscription lives on one machine: make it again on the one the client moved to.
        ReaderMessage.GatewayChanging m => Greet(s with
        {
            Connection = s.Connection with { State = LinkState.Reconnecting, Target = s.Connection.NameOf(m.To) },
            Pushed = false,
            Mailbox = s.Mailbox with { Here = s.Mailbox.Here.Clear() },
        }).With(new ReaderEffect.Watch()),
        // A subscription new on the machine (first, after a move, or after the machine lost it) may have missed
        // changes: fetch the machine's list (at login too: it is what later lists are compared with for deletes).
        ReaderMessage.Watching m => !m.Renewed && s.LoggedIn
            ? new ReaderStep(s with { Pushed = true }, [new ReaderEffect.Sync()])
            : s with { Pushed = true },
        ReaderMessage.WatchFailed m => Failed(s with { Pushed = false }, m.Failure),
        ReaderMessage.MailboxChanged => s.LoggedIn ? new ReaderStep(s, [new ReaderEffect.Sync()]) : s,
        ReaderMessage.Synced m => Pushes.Synced(s, m.Letters),
        ReaderMessage.SyncFailed m => Failed(s, m.Failure),
        ReaderMessage.Received m => Received(s, m),
        ReaderMessage.ReceiveFailed m => Failed(s with { Receiving = false, Flash = Flash.Error($"Could not receive mail: {m.Failure.Message}") }, m.Failure),
        ReaderMessage.Polled m => Polled(s, m),
        ReaderMessage.PollFailed m => Failed(s with { Polling = false }, m.Failure),
        ReaderMessage.LetterRead m => Heard(s with { Mailbox = s.Mailbox.Update(m.Letter.Id, l => l.Refreshed(LetterItem.Of(m.Letter))) }),
        ReaderMessage.ReadFailed m => Failed(s with { Flash = Flash.Error($"Could not read the letter: {m.Failure.Message}") }, m.Failure),
        ReaderMessage.Sent m => Sent(s, m),
        ReaderMessage.SendFailed m => SendFailed(s, m),
        ReaderMessage.Deleted m => Deleted(s, m.LetterId),
        ReaderMessage.AttachmentSaved m => s with { Flash = new Flash(m.Text) },
        ReaderMessage.AttachmentNotSaved m => s with { Flash = Flash.Error(m.Reason) },
        ReaderMessage.DeleteFailed m => Failed(
            s with
            {
                Mailbox = s.Mailbox.Update(m.LetterId, l => l with { Deleting = false }),
                Flash = Flash.Error($"Not deleted: {m.Failure.Message}"),
            },
            m.Failure),
        ReaderMessage.EditorClosed m => s.Draft is null
            ? s
            : s with { Draft = s.Draft with { Body = TextField.Of(m.Text) }, Screen = Screen.Review, Flash = new Flash("Body edited: y sends the letter, q abandons it.") },
        ReaderMessage.EditorFailed m => s with { Flash = Flash.Error($"Editor: {m.Reason}") },
        _ => s,
    };

    private static ReaderState LoginFailed(ReaderState s, Failure failure)
    {
        var form = s.Login with { Busy = false };
        if (failure.Kind == FailureKind.Unreachable)
        {
            // A screen of its own that names the gateways tried, and another try in a moment.
            return s with
            {
                Login = form with { Unreachable = form.Gateways.Text.Trim(), RetryAt = s.Now + LoginForm.RetryDelay },
                Flash = null,
            };
        }

        // A refusal: the user name stays, the password is typed again.
        return s with
        {
            Login = form with
            {
                Unreachable = null,
                RetryAt = null,
                Focus = failure.Kind == FailureKind.Refused ? LoginField.Password : form.Focus,
                Password = failure.Kind == FailureKind.Refused ? TextField.Empty : form.Password,
            },
            Flash = Flash.Error($"Login failed: {failure.Message}"),
        };
    }

    private static ReaderStep LoggedIn(ReaderState s, ReaderMessage.LoggedIn m)
    {
        var next = s with
        {
            Screen = Screen.Index,
            User = m.User,
            // The password has done its work; the client holds the token from here on.
            Login = s.Login with { Busy = false, Password = TextField.Empty, Unreachable = null, RetryAt = null },
            Connection = s.Connection.Learn(m.Gateway, m.Machine) with { State = LinkState.Connected, Machine = m.Machine, Target = null },
            Receiving = true,
            Greeting = true,
        };
        return new ReaderStep(next, [new ReaderEffect.Greet(), new ReaderEffect.Receive(), new ReaderEffect.Watch()]);
    }

    private static ReaderStep Received(ReaderState s, ReaderMessage.Received m)
    {
        var first = s.Mailbox.Letters.IsEmpty;
        var box = s.Mailbox.Replace(m.Letters.Select(LetterItem.Of));
        var next = s with
        {
            Receiving = false,
            Mailbox = first ? box.MoveToStart() : box,
            Flash = m.Partial ? new Flash("Some letters are still on their way; $ again shortly.") : s.Flash,
        };
        if (next.OpenId is not null && next.OpenLetter is null)
        {
            // Deleted elsewhere (another session): the pane has nothing left to show.
            next = next with { OpenId = null, Screen = next.Screen == Screen.Pager ? Screen.Index : next.Screen };
        }

        // The gateways are asked their machines' names only once the first list is on screen: each question is an
        // Orleans client of its own, and on a busy machine starting three of them beside the login's receive held the
        // first screen back.
        return next.Connection.MachinesAsked
            ? Heard(next)
            : Heard(next with { Connection = next.Connection with { MachinesAsked = true } }).With(new ReaderEffect.LearnMachines());
    }

    private static ReaderStep Polled(ReaderState s, ReaderMessage.Polled m)
    {
        var next = s with { Polling = false };
        if (m.Letters is null)
        {
            return Heard(next);
        }

        var (box, added) = next.Mailbox.Merge(m.Letters.Select(LetterItem.Of));
        if (added.Count == 0)
        {
            return Heard(next with { Mailbox = box });
        }

        var flash = added.Count == 1
            ? new Flash($"New mail from {added[0].From}: \"{added[0].Subject}\"")
            : new Flash($"{added.Count} new letters.");
        return Heard(next with { Mailbox = box, Flash = next.Prompt is null ? flash : next.Flash })
            .With(new ReaderEffect.Bell());
    }

    private static ReaderStep Sent(ReaderState s, ReaderMessage.Sent m)
    {
        if (s.Draft?.SubmissionId != m.SubmissionId)
        {
            return s;
        }

        var to = string.Join(", ", s.Draft.Recipients);
        // Back to the bare list: the letter read before writing is closed, so no old pane shows under the list.
        return Heard(s with
        {
            Draft = null,
            Screen = Screen.Index,
            OpenId = null,
            PaneScroll = 0,
            SendingSince = null,
            Flash = new Flash($"Sent \"{s.Draft.Subject.Text}\" to {to} ({m.LetterId})."),
        });
    }

    private static ReaderStep SendFailed(ReaderState s, ReaderMessage.SendFailed m)
    {
        if (s.Draft?.SubmissionId != m.SubmissionId)
        {
            return s;
        }

        var text = m.Failure.Kind switch
        {
            FailureKind.Refused => $"Not sent: {m.Failure.Message}",
            // Whatever happened to this attempt, the next one carries the same submission id.
            FailureKind.Unreachable => "Not sent yet: no gateway answers. y to try again; it can never go twice.",
            _ => $"Not confirmed: {m.Failure.Message}. y to try again; it can never go twice.",
        };
        return Failed(s with { Screen = Screen.Review, SendingSince = null, Flash = Flash.Error(text) }, m.Failure);
    }

    private static ReaderStep Deleted(ReaderState s, string id)
    {
        var letter = s.Mailbox.Find(id);
        var next = s with { Mailbox = s.Mailbox.Remove(id) };
        if (s.OpenId == id)
        {
            next = next with { OpenId = null, PaneScroll = 0, Screen = s.Screen == Screen.Pager ? Screen.Index : s.Screen };
        }

        return Heard(letter is null || s.Prompt is not null ? next : next with { Flash = new Flash($"Deleted \"{letter.Subject}\".") });
    }

    /// <summary>A failure that means no gateway answers puts the status line to "unreachable".</summary>
    private static ReaderState Failed(ReaderState s, Failure failure)
        => failure.Kind == FailureKind.Unreachable
            ? s with { Connection = s.Connection with { State = LinkState.Unreachable, Target = null } }
            : s;

    /// <summary>An answer came: if the reader believed itself cut off, find out where it is connected now.</summary>
    internal static ReaderStep Heard(ReaderState s)
        => s.Connection.State == LinkState.Unreachable ? Greet(s) : s;

    internal static ReaderStep Greet(ReaderState s)
        => s.Greeting ? s : new ReaderStep(s with { Greeting = true }, [new ReaderEffect.Greet()]);
}
