using System.Diagnostics.CodeAnalysis;

namespace Maildriver.Grains.Master;

/// <summary>
/// The delivery queue (section 7.2 and the appendix's ProcessRequest: "put filename of letter on delivery queue"):
/// the letters in mid-delivery, each with the machines that have it and those that finished it (the paper's
/// <c>&lt;filename&gt;.sending</c> files), and every letter the Master knows by its submission, so that a client's
/// retry of a letter is answered with the same letter.
/// </summary>
/// <param name="machines">Every machine, each of which must finish every letter.</param>
/// <param name="senders">Sends each new letter off to every machine.</param>
internal sealed class DeliveryQueue(IReadOnlyList<string> machines, Senders senders)
{
    private readonly Dictionary<string, PendingLetter> _letters = new(StringComparer.Ordinal);

    // Letters by submission: those in the queue, and those a takeover knows only by the Lieutenant's records or
    // that wait on the DoYouHaveIt list.
    private readonly Dictionary<string, string> _bySubmission = new(StringComparer.Ordinal);

    /// <summary>How many letters are in mid-delivery.</summary>
    public int Count => _letters.Count;

    /// <summary>The letters in mid-delivery.</summary>
    public IEnumerable<PendingLetter> Letters => _letters.Values;

    /// <summary>Whether letter <paramref name="letterId"/> is in mid-delivery.</summary>
    public bool Contains(string letterId) => _letters.ContainsKey(letterId);

    /// <summary>Letter <paramref name="letterId"/>, if it is in mid-delivery.</summary>
    public bool TryGet(string letterId, [MaybeNullWhen(false)] out PendingLetter letter) => _letters.TryGetValue(letterId, out letter);

    /// <summary>The id of the letter submitted as <paramref name="submissionKey"/>, if the Master knows it.</summary>
    public bool TryFindSubmission(string submissionKey, [MaybeNullWhen(false)] out string letterId) => _bySubmission.TryGetValue(submissionKey, out letterId);

    /// <summary>Letter <paramref name="letterId"/> is the one submitted as <paramref name="submissionKey"/>.</summary>
    public void RememberSubmission(string submissionKey, string letterId) => _bySubmission[submissionKey] = letterId;

    /// <summary>As <see cref="RememberSubmission"/>, unless the submission is already known.</summary>
    public void TryRememberSubmission(string submissionKey, string letterId) => _bySubmission.TryAdd(submissionKey, letterId);

    /// <summary>Puts <paramref name="letter"/> on the queue at place <paramref name="seq"/> and sends it off to every machine.</summary>
    public void Start(Letter letter, long seq)
    {
        var pending = new PendingLetter(letter, machines, seq);
        _letters[pending.Id] = pending;
        _bySubmission[letter.Header.SubmissionKey] = pending.Id;
        senders.SendOff(pending);
    }

    /// <summary>Every machine finished <paramref name="letter"/>: it leaves the queue, and whoever waited for it is let go.</summary>
    public void Finish(PendingLetter letter)
    {
        _letters.Remove(letter.Id);
        _bySubmission.Remove(letter.Letter.Header.SubmissionKey);
        letter.ReleaseWaiters();
    }

    /// <summary>Lets go whoever waits for a letter (this Master steps down).</summary>
    public void ReleaseAllWaiters()
    {
        foreach (var letter in _letters.Values)
        {
            letter.ReleaseWaiters();
        }
    }
}
