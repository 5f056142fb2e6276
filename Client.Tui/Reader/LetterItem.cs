using Maildriver.Grains.Mime;
using Maildriver.Grains.Server;

namespace Maildriver.Client.Reader;

/// <summary>A letter as the reader holds it: what the server said, plus what the reader is doing to it.</summary>
/// <param name="Id">The letter id.</param>
/// <param name="From">The sender.</param>
/// <param name="To">The recipients.</param>
/// <param name="Subject">The subject.</param>
/// <param name="SentAt">When it was accepted.</param>
/// <param name="Body">The text, or null until a receive or a read brings it.</param>
/// <param name="Read">Whether the user has read it.</param>
/// <param name="Deleting">A delete was asked for and is not yet acknowledged.</param>
/// <param name="Attachments">The attachments, numbered from 1, or null until the body comes.</param>
/// <param name="Message">The stored RFC 5322 message an attachment is saved from, or null until the body comes.</param>
internal sealed record LetterItem(
    string Id,
    string From,
    IReadOnlyList<string> To,
    string Subject,
    DateTimeOffset SentAt,
    string? Body,
    bool Read,
    bool Deleting = false,
    IReadOnlyList<LetterAttachment>? Attachments = null,
    byte[]? Message = null)
{
    public static LetterItem Of(LetterView view)
        => new(view.Id, view.From, view.To, view.Subject, view.SentAt, view.Body, view.Read, Attachments: view.Attachments, Message: view.Message);

    /// <summary>
    /// The server's newer copy merged with what the reader knows: a body once fetched is kept (lists come without
    /// one), and a letter read in this session stays read even if the answer came from a machine the read has not
    /// reached yet — reads are never undone.
    /// </summary>
    public LetterItem Refreshed(LetterItem fresh)
        => fresh with
        {
            Body = fresh.Body ?? Body,
            Attachments = fresh.Attachments ?? Attachments,
            Message = fresh.Message ?? Message,
            Read = fresh.Read || Read,
            Deleting = Deleting,
        };
}
