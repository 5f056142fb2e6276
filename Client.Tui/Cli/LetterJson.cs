using Maildriver.Grains.Mime;
using Maildriver.Grains.Server;

namespace Maildriver.Client.Cli;

/// <summary>
/// A letter in <c>--json</c> output: <c>id, from, to, subject, sentAt, body, read, attachments, uid, uidValidity,
/// flagged, answered</c> (<c>body</c> and <c>attachments</c> left out of lists). <c>uid</c> and <c>uidValidity</c> are
/// the letter's IMAP UID and its inbox's UIDVALIDITY, the same on every machine. The stored message itself is not
/// printed: <c>save</c> writes its parts.
/// </summary>
internal sealed record LetterJson(
    string Id, string From, IReadOnlyList<string> To, string Subject, DateTimeOffset SentAt, string? Body, bool Read, IReadOnlyList<LetterAttachment>? Attachments,
    long Uid, long UidValidity, bool Flagged, bool Answered)
{
    public static LetterJson Of(LetterView l)
        => new(l.Id, l.From, l.To, l.Subject, l.SentAt, l.Body, l.Read, l.Attachments, l.Uid, l.UidValidity, l.Flagged, l.Answered);
}
