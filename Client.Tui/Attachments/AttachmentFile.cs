using Maildriver.Grains.Mime;
using Maildriver.Grains.Server;

namespace Maildriver.Client.Attachments;

/// <summary>
/// Saves one attachment of a letter to a file, all or nothing: it is written beside the file under a temporary name
/// and renamed over it only once complete, so a failure (a bad number, a full disk, a missing directory) leaves
/// no file and no part of one. The CLI's <c>save</c> and the reader share it.
/// </summary>
internal static class AttachmentFile
{
    /// <summary>Writes attachment <paramref name="number"/> (from 1) of <paramref name="letter"/> to <paramref name="path"/>.</summary>
    /// <returns>The attachment saved and the file's full path.</returns>
    /// <exception cref="AttachmentSaveException">Why nothing was written.</exception>
    public static (LetterAttachment Attachment, string Path) Save(LetterView letter, int number, string path)
    {
        ArgumentNullException.ThrowIfNull(letter);
        return Save(letter.Id, letter.Message, letter.Attachments, number, path);
    }

    /// <summary>The same, from a letter's id, stored message and attachment list (null when not fetched).</summary>
    public static (LetterAttachment Attachment, string Path) Save(
        string letterId, byte[]? message, IReadOnlyList<LetterAttachment>? listed, int number, string path)
    {
        var attachments = listed ?? [];
        if (message is not { } bytes || number < 1 || number > attachments.Count)
        {
            throw new AttachmentSaveException(attachments.Count == 0
                ? $"letter {letterId} has no attachments"
                : $"letter {letterId} has no attachment {number}: its attachments are numbered 1 to {attachments.Count}");
        }

        var full = CheckedPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.part");
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                LetterContent.WriteAttachment(LetterMessages.Parse(bytes), number, file);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
            return (attachments[number - 1], full);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            File.Delete(temporary);
            throw new AttachmentSaveException($"cannot write {full}: {ex.Message}", ex);
        }
    }

    // The cases whose system messages would name the temporary file rather than the user's.
    private static string CheckedPath(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new AttachmentSaveException("no file name given");
        }

        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new AttachmentSaveException($"cannot write {full}: it is a directory");
        }

        var directory = Path.GetDirectoryName(full);
        if (directory is null || !Directory.Exists(directory))
        {
            throw new AttachmentSaveException($"cannot write {full}: no such directory");
        }

        return full;
    }
}
