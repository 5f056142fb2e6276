using System.Globalization;
using Maildriver.Client.Attachments;

namespace Maildriver.Client.Reader;

/// <summary>
/// Saving an attachment from the reading pane: <c>s</c> asks for the attachment's number and the file (one field,
/// prefilled with the first attachment and its name, relative to the reader's working directory), Enter saves,
/// Esc does not. The file is written by <see cref="AttachmentFile"/>, all or nothing.
/// </summary>
internal static class AttachmentKeys
{
    public static ReaderState Ask(ReaderState s, LetterItem letter)
    {
        if (letter.Message is null || letter.Attachments is null)
        {
            return s with { Flash = new Flash("The letter is still loading.") };
        }

        return letter.Attachments.Count == 0
            ? s with { Flash = new Flash("This letter has no attachments.") }
            : s with { Prompt = new Prompt.SaveAttachment(letter.Id, TextField.Of($"1 {letter.Attachments[0].Name}")) };
    }

    public static ReaderStep OnPrompt(ReaderState s, Prompt.SaveAttachment save, ConsoleKeyInfo key)
    {
        var command = ReaderKeyMap.TextFor(ReaderKeyMap.Search, key);
        switch (command)
        {
            case TextCommand.Enter:
                return Save(s with { Prompt = null }, save);
            case TextCommand.Done:
                return s with { Prompt = null, Flash = new Flash("Not saved.") };
            default:
                return s with { Prompt = save with { Answer = TextEditing.Apply(save.Answer, command, key) } };
        }
    }

    /// <summary>Carries out <see cref="ReaderEffect.SaveAttachment"/>: the file, and the message that says how it went.</summary>
    public static ReaderMessage SaveFile(ReaderEffect.SaveAttachment save)
    {
        try
        {
            var (attachment, path) = AttachmentFile.Save(save.LetterId, save.Message, save.Attachments, save.Number, save.Path);
            return new ReaderMessage.AttachmentSaved($"Saved {attachment.Name} ({attachment.Size} bytes) to {path}.");
        }
        catch (AttachmentSaveException ex)
        {
            return new ReaderMessage.AttachmentNotSaved($"Not saved: {ex.Message}.");
        }
    }

    // "N FILE": the number first, then the file (which may hold spaces).
    private static ReaderStep Save(ReaderState s, Prompt.SaveAttachment save)
    {
        if (s.Mailbox.Find(save.LetterId) is not { Message: { } message, Attachments: { } attachments })
        {
            return s with { Flash = Flash.Error("Not saved: the letter is gone.") };
        }

        var answer = save.Answer.Text.Trim();
        var space = answer.IndexOf(' ', StringComparison.Ordinal);
        var path = space < 0 ? string.Empty : answer[(space + 1)..].Trim();
        if (!int.TryParse(space < 0 ? answer : answer[..space], NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || number < 1 || number > attachments.Count || path.Length == 0)
        {
            return s with { Flash = Flash.Error($"Not saved: give an attachment number from 1 to {attachments.Count}, a space, and a file.") };
        }

        return new ReaderStep(
            s with { Flash = new Flash($"Saving {attachments[number - 1].Name}…") },
            [new ReaderEffect.SaveAttachment(save.LetterId, message, attachments, number, path)]);
    }
}
