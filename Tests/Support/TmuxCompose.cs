namespace Maildriver.Tests.Support;

/// <summary>
/// The reader's compose dialog typed into a real terminal (<see cref="TmuxSession"/>) as a person types it: <c>m</c>
/// opens it, Tab moves from To to Subject to the body, Escape asks for the review and <c>y</c> sends. One place for
/// these steps, so a change to the dialog's keys is made once for every end-to-end test.
/// </summary>
internal static class TmuxCompose
{
    /// <summary>Opens the dialog from the list, fills To and Subject, and leaves the cursor in the body.</summary>
    public static async Task StartLetterAsync(this TmuxSession tmux, string to, string subject)
    {
        ArgumentNullException.ThrowIfNull(tmux);
        await tmux.SendKeysAsync("m");
        await tmux.WaitForTextAsync("> To:");
        await tmux.TypeAsync(to);
        await tmux.SendKeysAsync("Tab");
        await tmux.TypeAsync(subject);
        await tmux.SendKeysAsync("Tab");
    }

    /// <summary>Writes a letter in the dialog, body and all, reviews it and sends it (y); waiting for its answer is the caller's.</summary>
    public static async Task SendLetterAsync(this TmuxSession tmux, string to, string subject, string body)
    {
        await tmux.StartLetterAsync(to, subject);
        await tmux.TypeAsync(body);
        await tmux.SendKeysAsync("Escape");
        await tmux.WaitForTextAsync("Review the letter: y sends it");
        await tmux.SendKeysAsync("y");
    }
}
