namespace Maildriver.Client.Reader;

/// <summary>Keys on the list, in the reading pane, on the help screen, and at the bottom-line prompts.</summary>
internal static class ListKeys
{
    public static ReaderStep OnIndex(ReaderState s, ConsoleKeyInfo key)
    {
        var box = s.Mailbox;
        return ReaderKeyMap.CommandFor(ReaderKeyMap.Index, key) switch
        {
            ReaderCommand.Down => s with { Mailbox = box.MoveBy(1) },
            ReaderCommand.Up => s with { Mailbox = box.MoveBy(-1) },
            ReaderCommand.PageDown => s with { Mailbox = box.MoveBy(Math.Max(1, ReaderLayout.For(s).ListRows)) },
            ReaderCommand.PageUp => s with { Mailbox = box.MoveBy(-Math.Max(1, ReaderLayout.For(s).ListRows)) },
            ReaderCommand.Top => s with { Mailbox = box.MoveTo(0) },
            ReaderCommand.Bottom => s with { Mailbox = box.MoveTo(box.Visible.Count - 1) },
            ReaderCommand.Open => box.Selected is { } letter ? Open(s, letter) : NoLetter(s),
            ReaderCommand.Compose => ComposeKeys.Begin(s, reply: null),
            ReaderCommand.Reply => box.Selected is { } letter ? ComposeKeys.Begin(s, letter) : NoLetter(s),
            ReaderCommand.Delete => box.Selected is { } letter ? AskDelete(s, letter) : NoLetter(s),
            ReaderCommand.Search => s with { Prompt = new Prompt.Search(TextField.Of(box.Filter), box.Filter) },
            ReaderCommand.ClearSearch => box.Filter is null ? s : s with { Mailbox = box.WithFilter(null) },
            ReaderCommand.Refresh => Refresh(s),
            ReaderCommand.Reverse => Reverse(s),
            ReaderCommand.Help => s with { Screen = Screen.Help, HelpReturn = Screen.Index, HelpScroll = 0 },
            ReaderCommand.Quit => new ReaderStep(s, [new ReaderEffect.Quit()]),
            _ => ReaderUpdate.Unbound(s, key),
        };
    }

    /// <summary>A click on row <paramref name="row"/> of the list moves the cursor there; a double click opens the letter.</summary>
    public static ReaderStep OnPoint(ReaderState s, int row, bool open)
    {
        if (s.Screen is not (Screen.Index or Screen.Pager) || s.Prompt is not null)
        {
            return s;
        }

        var moved = s with { Mailbox = s.Mailbox.MoveTo(row), Flash = null };
        return open && moved.Mailbox.Selected is { } letter ? Open(moved, letter) : moved;
    }

    public static ReaderStep OnPager(ReaderState s, ConsoleKeyInfo key)
    {
        if (s.OpenLetter is not { } letter)
        {
            return s with { Screen = Screen.Index };
        }

        var page = Math.Max(1, ReaderLayout.For(s).PaneRows - 1);
        return ReaderKeyMap.CommandFor(ReaderKeyMap.Pager, key) switch
        {
            ReaderCommand.Down => Scroll(s, s.PaneScroll + 1),
            ReaderCommand.Up => Scroll(s, s.PaneScroll - 1),
            ReaderCommand.PageDown => Scroll(s, s.PaneScroll + page),
            ReaderCommand.PageUp => Scroll(s, s.PaneScroll - page),
            ReaderCommand.Top => Scroll(s, 0),
            ReaderCommand.Bottom => Scroll(s, int.MaxValue),
            ReaderCommand.NextLetter => Neighbour(s, letter, +1),
            ReaderCommand.PreviousLetter => Neighbour(s, letter, -1),
            ReaderCommand.Reply => ComposeKeys.Begin(s, letter),
            ReaderCommand.Delete => AskDelete(s, letter),
            ReaderCommand.SaveAttachment => AttachmentKeys.Ask(s, letter),
            ReaderCommand.Compose => ComposeKeys.Begin(s, reply: null),
            ReaderCommand.Refresh => Refresh(s),
            ReaderCommand.Help => s with { Screen = Screen.Help, HelpReturn = Screen.Pager, HelpScroll = 0 },
            ReaderCommand.Back => s with { Screen = Screen.Index },
            _ => ReaderUpdate.Unbound(s, key),
        };
    }

    public static ReaderStep OnHelp(ReaderState s, ConsoleKeyInfo key)
        => ReaderKeyMap.CommandFor(ReaderKeyMap.Help, key) switch
        {
            ReaderCommand.Down => s with { HelpScroll = Math.Min(s.HelpScroll + 1, HelpText.MaxScroll(s.Size)) },
            ReaderCommand.Up => s with { HelpScroll = Math.Max(s.HelpScroll - 1, 0) },
            ReaderCommand.Back => s with { Screen = s.HelpReturn },
            _ => s,
        };

    public static ReaderStep OnPrompt(ReaderState s, Prompt prompt, ConsoleKeyInfo key)
    {
        switch (prompt)
        {
            case Prompt.ConfirmDelete ask when ReaderKeyMap.IsYes(key):
                return s.Mailbox.Find(ask.LetterId) is null
                    ? s with { Prompt = null }
                    : new ReaderStep(
                        s with { Prompt = null, Mailbox = s.Mailbox.Update(ask.LetterId, l => l with { Deleting = true }) },
                        [new ReaderEffect.Delete(ask.LetterId)]);
            case Prompt.ConfirmDelete:
                return s with { Prompt = null, Flash = new Flash("Not deleted.") };
            case Prompt.ConfirmAbandon when ReaderKeyMap.IsYes(key):
                return s with { Prompt = null, Draft = null, Screen = Screen.Index, Flash = new Flash("Letter abandoned.") };
            case Prompt.ConfirmAbandon:
                return s with { Prompt = null };
            case Prompt.Search search:
                return OnSearch(s, search, key);
            case Prompt.SaveAttachment save:
                return AttachmentKeys.OnPrompt(s, save, key);
            default:
                return s with { Prompt = null };
        }
    }

    /// <summary>Opens a letter in the reading pane; reading it from the server marks it read everywhere.</summary>
    public static ReaderStep Open(ReaderState s, LetterItem letter)
    {
        var next = s with
        {
            Screen = Screen.Pager,
            OpenId = letter.Id,
            PaneScroll = 0,
            Mailbox = s.Mailbox.MoveToId(letter.Id),
        };

        // A letter already read with its body at hand needs no request; anything else is fetched, and the fetch is
        // what marks it read (the N goes when the server says so).
        return letter.Read && letter.Body is not null ? next : new ReaderStep(next, [new ReaderEffect.Read(letter.Id)]);
    }

    /// <summary>A full receive, unless one is on its way already; Ctrl-L's redraw comes with it.</summary>
    public static ReaderStep Refresh(ReaderState s)
        => s.Receiving
            ? new ReaderStep(s with { Flash = new Flash("Still receiving…") }, [new ReaderEffect.Redraw()])
            : new ReaderStep(s with { Receiving = true }, [new ReaderEffect.Receive(), new ReaderEffect.Redraw()]);

    public static int ClampScroll(ReaderState s, int scroll)
    {
        if (s.OpenLetter is not { } letter)
        {
            return 0;
        }

        var rows = ReaderLayout.For(s).PaneRows;
        return Math.Clamp(scroll, 0, PaneText.MaxScroll(letter, Math.Max(s.Size.Width, ReaderLayout.Minimum.Width), Math.Max(rows, 1)));
    }

    private static ReaderState Scroll(ReaderState s, int to) => s with { PaneScroll = ClampScroll(s, to) };

    private static ReaderStep Neighbour(ReaderState s, LetterItem letter, int direction)
    {
        var visible = s.Mailbox.Visible;
        var index = s.Mailbox.IndexOf(letter.Id);
        var next = index < 0 ? -1 : index + direction;
        return next >= 0 && next < visible.Count
            ? Open(s, visible[next])
            : s with { Flash = new Flash(direction > 0 ? "No next letter." : "No previous letter.") };
    }

    private static ReaderState AskDelete(ReaderState s, LetterItem letter)
        => letter.Deleting
            ? s with { Flash = new Flash("Already being deleted.") }
            : s with { Prompt = new Prompt.ConfirmDelete(letter.Id, $"Delete \"{letter.Subject}\" from {letter.From}? (y/n)") };

    private static ReaderState Reverse(ReaderState s)
    {
        var box = s.Mailbox.Reversed();
        return s with { Mailbox = box, Flash = new Flash(box.NewestFirst ? "Newest letters first." : "Oldest letters first.") };
    }

    private static ReaderState NoLetter(ReaderState s) => s with { Flash = new Flash("No letter here.") };

    private static ReaderState OnSearch(ReaderState s, Prompt.Search search, ConsoleKeyInfo key)
    {
        var command = ReaderKeyMap.TextFor(ReaderKeyMap.Search, key);
        switch (command)
        {
            case TextCommand.Enter:
                var kept = s with { Prompt = null, Mailbox = s.Mailbox.WithFilter(search.Query.Text) };
                return kept.Mailbox.Filter is not null && kept.Mailbox.Visible.Count == 0
                    ? kept with { Flash = new Flash($"No letter matches \"{search.Query.Text}\"; Esc shows them all.") }
                    : kept;
            case TextCommand.Done:
                return s with { Prompt = null, Mailbox = s.Mailbox.WithFilter(search.Previous) };
            default:
                var query = TextEditing.Apply(search.Query, command, key);
                return s with { Prompt = search with { Query = query }, Mailbox = s.Mailbox.WithFilter(query.Text) };
        }
    }
}
