using Maildriver.Grains.Common;

namespace Maildriver.Grains.Master;

/// <summary>
/// The Master's part of "send letter" (section 7.2, the appendix's ProcessRequest SendLetter): "put it into the
/// Master directory; send filename of letter to Lieutenant; await 'I got it' from Lieutenant; send 'I got it' to
/// server; put filename of letter on delivery queue". Letters that arrive together share one Master directory write
/// and one Lieutenant record; a letter the Master already knows by its submission is answered with its id.
/// </summary>
internal sealed class LetterIntake
{
    private readonly MasterContext _master;
    private readonly MasterStanding _standing;
    private readonly DeliveryQueue _deliveries;
    private readonly LieutenantConnection _lieutenant;
    private readonly RequestOrder _order;
    private readonly UidCounter _uids;
    private readonly GroupCommit<Letter, string> _submissions;

    /// <param name="master">The Master's machine and store.</param>
    /// <param name="standing">Whether this Master still is one.</param>
    /// <param name="deliveries">The delivery queue each new letter goes on.</param>
    /// <param name="lieutenant">Writes each new letter down before it is acknowledged.</param>
    /// <param name="order">Numbers each new letter.</param>
    /// <param name="uids">Gives each new letter its recipients' UIDs.</param>
    public LetterIntake(MasterContext master, MasterStanding standing, DeliveryQueue deliveries, LieutenantConnection lieutenant, RequestOrder order, UidCounter uids)
    {
        _master = master;
        _standing = standing;
        _deliveries = deliveries;
        _lieutenant = lieutenant;
        _order = order;
        _uids = uids;
        _submissions = new GroupCommit<Letter, string>(StoreLettersAsync, maxBatch: 512);
    }

    /// <summary>Takes <paramref name="letters"/>; returns each one's id once two machines hold it durably.</summary>
    public async Task<IReadOnlyList<string>> SubmitAsync(IReadOnlyList<Letter> letters)
    {
        var ids = letters.Select(l => _submissions.Enqueue(l)).ToList();
        return await Task.WhenAll(ids);
    }

    // One batch of new letters: the Master directory write and the Lieutenant's record, each once per batch.
    private async Task<IReadOnlyList<string>> StoreLettersAsync(IReadOnlyList<Letter> batch)
    {
        _standing.ThrowIfDeposed();
        var ids = new string[batch.Count];
        var fresh = new List<Letter>();
        var inBatch = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < batch.Count; i++)
        {
            var key = batch[i].Header.SubmissionKey;
            if (_deliveries.TryFindSubmission(key, out var pending) || inBatch.TryGetValue(key, out pending))
            {
                ids[i] = pending;
                continue;
            }

            if (await _master.Store.Letters.FindDeliveredLetterIdBySubmissionAsync(key) is { } stored)
            {
                ids[i] = stored;
                continue;
            }

            ids[i] = batch[i].Header.Id;
            inBatch[key] = ids[i];
            fresh.Add(batch[i]);
        }

        if (fresh.Count > 0)
        {
            // The UIDs are given here, once, in the order the letters go on the delivery queue: written down with the
            // letter everywhere below, they are never given again, even if the letter is never acknowledged.
            fresh = [.. await _uids.NumberAsync(fresh)];
            var seqs = fresh.Select(_ => _order.Next()).ToList();

            // The Master directory first, then the Lieutenant's record, as in the paper. Not at once: when the
            // Master's write fails and the Master lives on, a record written beside it would name a letter never
            // acknowledged, which the client then sends again, through any machine, as another letter; a takeover
            // would deliver that record's letter beside it, where the stores refuse a second letter of one submission
            // (StorageFaultTests). In this order a record always has its Master copy.
            await _master.Store.MasterDirectory.SaveAsync(fresh);
            await _lieutenant.RecordAsync(fresh.Select((l, i) => LieutenantRecords.ForLetter(l.Header, seqs[i])).ToList());

            // Deposed while the Lieutenant wrote it down (a change of master took the records before these): the new
            // Master never heard of them, so they are not acknowledged here; the retry goes to it with the same ids.
            _standing.ThrowIfDeposed();
            for (var i = 0; i < fresh.Count; i++)
            {
                if (!_deliveries.Contains(fresh[i].Header.Id))
                {
                    _deliveries.Start(fresh[i], seqs[i]);
                }
            }
        }

        return ids;
    }
}
