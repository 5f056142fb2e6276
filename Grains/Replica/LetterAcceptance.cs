using Maildriver.Clustering.Placement;
using Maildriver.Grains.Common;
using Maildriver.Grains.Protocol;

namespace Maildriver.Grains.Replica;

/// <summary>
/// "Send letter" on the machine the client reached (section 7.1, the Server process's job): the letter gets a
/// name of the form <c>&lt;machine&gt;.&lt;time stamp&gt;</c>, goes into the WorkSpace as a bogus protoletter, and is
/// handed to the Master. Both writes are group-committed, so a burst of letters costs a few transactions, not one each.
/// </summary>
internal sealed class LetterAcceptance
{
    private readonly ReplicaContext _replica;
    private readonly MachineView _view;
    private readonly WorkSpaceSignal _workSpace;
    private readonly GroupCommit<Letter, bool> _bogusWrites;
    private readonly GroupCommit<Letter, string> _handOver;
    private long _lastIdMicros;

    /// <param name="replica">The machine's replica.</param>
    /// <param name="view">Names the Master letters are handed to.</param>
    /// <param name="workSpace">Raised when a redundant protoletter is dropped.</param>
    public LetterAcceptance(ReplicaContext replica, MachineView view, WorkSpaceSignal workSpace)
    {
        _replica = replica;
        _view = view;
        _workSpace = workSpace;
        _bogusWrites = new GroupCommit<Letter, bool>(WriteBogusAsync);
        _handOver = new GroupCommit<Letter, string>(HandToMasterAsync, maxBatch: 256);
    }

    /// <summary>Accepts <paramref name="submission"/>; returns the id of its letter, an earlier one's if it was sent before.</summary>
    public async Task<string> AcceptAsync(Submission submission)
    {
        var store = _replica.Store;
        if (await store.Letters.FindDeliveredLetterIdBySubmissionAsync(submission.SubmissionKey) is { } delivered)
        {
            return delivered;
        }

        // An earlier attempt of the same send left its protoletter here: hand that one over again (the Master
        // recognises the submission), never answer from the WorkSpace alone, since the Master may not have it.
        if (await store.WorkSpace.FindProtoletterBySubmissionAsync(submission.SubmissionKey) is { } earlier)
        {
            return await _handOver.Enqueue(earlier);
        }

        var header = new LetterHeader(
            NextLetterId(),
            submission.From,
            submission.To,
            submission.Subject,
            _replica.Time.GetUtcNow(),
            submission.SubmissionKey,
            submission.Message.Length);
        var letter = new Letter(header, submission.Message);

        // Section 7.1: the protoletter is on this machine's disk, marked bogus, before the Master hears of it.
        await _bogusWrites.Enqueue(letter);
        var id = await _handOver.Enqueue(letter);
        if (id != header.Id)
        {
            // The Master already had this submission (a client retry through another gateway): ours is redundant.
            await store.WorkSpace.DropProtoletterAsync(header.Id);
            _workSpace.Raise();
        }

        return id;
    }

    private async Task<IReadOnlyList<bool>> WriteBogusAsync(IReadOnlyList<Letter> letters)
    {
        await _replica.Store.WorkSpace.InsertBogusAsync(letters);
        return letters.Select(_ => true).ToList();
    }

    // While the Master is changing it may be unreachable or no longer Master: keep asking the newest one we know of
    // (repeats are harmless: the Master recognises the submission) until the deadline.
    private async Task<IReadOnlyList<string>> HandToMasterAsync(IReadOnlyList<Letter> letters)
    {
        var time = _replica.Time;
        var deadline = time.GetUtcNow() + (_replica.Options.NoPulseTimeout * 8) + TimeSpan.FromSeconds(5);
        while (true)
        {
            try
            {
                return await _replica.Grains.GetGrain<IMasterGrain>(_view.Current.Master).Submit(letters);
            }
            catch (Exception ex) when ((Unreachable.Is(ex) || ex is NotMasterException) && time.GetUtcNow() < deadline)
            {
                await _replica.PauseAsync();
                await _view.RefreshAsync();
            }
        }
    }

    // The paper's file name: the machine, then its own clock in microseconds, made strictly increasing.
    private string NextLetterId()
    {
        var micros = (_replica.Time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / 10;
        _lastIdMicros = Math.Max(_lastIdMicros + 1, micros);
        return $"{_replica.Machine}.{_lastIdMicros}";
    }
}
