using System.Diagnostics.CodeAnalysis;

namespace Maildriver.Tests.Processes.Torture;

/// <summary>
/// One submission of the workload. Its subject carries the submission id, so any letter found in a mailbox can be
/// traced back to the send that made it (or shown to come from no send at all). Mutable state is changed only by
/// <see cref="TortureLedger"/> under its lock.
/// </summary>
public sealed class SentLetter(string submissionId, string from, IReadOnlyList<string> to)
{
    private const string SubjectPrefix = "torture ";

    public string SubmissionId { get; } = submissionId;

    public string From { get; } = from;

    public IReadOnlyList<string> To { get; } = to;

    public string Subject => SubjectPrefix + SubmissionId;

    public SendState State { get; internal set; } = SendState.InFlight;

    /// <summary>The acknowledged letter id.</summary>
    public string? LetterId { get; internal set; }

    /// <summary>The ledger clock when the acknowledgement reached the client.</summary>
    public long AcknowledgedAt { get; internal set; }

    /// <summary>Why it ended as it did, when it was not simply acknowledged.</summary>
    public string? Note { get; internal set; }

    public static bool TryParseSubject(string subject, [NotNullWhen(true)] out string? submissionId)
    {
        submissionId = subject.StartsWith(SubjectPrefix, StringComparison.Ordinal) ? subject[SubjectPrefix.Length..] : null;
        return submissionId is { Length: > 0 };
    }

    public override string ToString() => $"{SubmissionId} ({From} -> {string.Join(',', To)}; {State}{(LetterId is null ? "" : " as " + LetterId)}{(Note is null ? "" : "; " + Note)})";
}
