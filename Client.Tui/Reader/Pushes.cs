namespace Maildriver.Client.Reader;

/// <summary>What the reader does with the connected machine's list, fetched because the machine said the inbox changed.</summary>
internal static class Pushes
{
    /// <summary>
    /// The list as the machine has it now: new letters come in (MAIL, a bell, a word on the bottom line), letters read
    /// elsewhere lose their N, and letters deleted elsewhere leave; bodies already fetched are kept.
    /// </summary>
    public static ReaderStep Synced(ReaderState s, IReadOnlyList<Grains.Server.LetterView> letters)
    {
        var (box, added) = s.Mailbox.Sync(letters.Select(LetterItem.Of).ToList());
        var next = s with { Mailbox = box };
        if (next.OpenId is not null && next.OpenLetter is null)
        {
            next = next with { OpenId = null, PaneScroll = 0, Screen = next.Screen == Screen.Pager ? Screen.Index : next.Screen };
        }

        // While the login's full receive is on its way these letters are not news: no bell for them.
        if (added.Count == 0 || s.Receiving)
        {
            return Answers.Heard(next);
        }

        var flash = added.Count == 1
            ? new Flash($"New mail from {added[0].From}: \"{added[0].Subject}\"")
            : new Flash($"{added.Count} new letters.");
        return Answers.Heard(next with { Flash = next.Prompt is null ? flash : next.Flash }).With(new ReaderEffect.Bell());
    }
}
