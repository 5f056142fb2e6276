using Microsoft.Extensions.Logging;

namespace Maildriver.Grains.Master;

/// <summary>
/// A new Master's start from the records it took over (section 11, and "change master" in 9.3): every letter in
/// them known by its submission at once, the dead machines on the DML, a Lieutenant appointed and the new view
/// announced, then every unfinished request re-issued from scratch, in the order it was made (but a letter whose
/// submission became a later letter, which was never acknowledged: see <c>SupersededAsync</c>). A letter's body is
/// looked for with <see cref="FindFile"/>; when no live machine has it, the letter waits on the
/// <see cref="DoYouHaveIt"/> list.
/// </summary>
internal sealed partial class TakeOver
{
    private readonly MasterContext _master;
    private readonly MasterStanding _standing;
    private readonly Caretaker _caretaker;
    private readonly Senders _senders;
    private readonly DeliveryQueue _deliveries;
    private readonly PendingRequests _requests;
    private readonly RequestDispatch _dispatch;
    private readonly DoYouHaveIt _doYouHaveIt;
    private readonly LieutenantAppointment _appointment;
    private readonly RequestOrder _order;
    private readonly FindFile _findFile;
    private readonly UidCounter _uids;
    private readonly ILogger _logger;

    /// <param name="master">The Master's machine and services.</param>
    /// <param name="standing">Opened for requests once the records are in.</param>
    /// <param name="caretaker">The DML, to which the records' dead machines go.</param>
    /// <param name="senders">The dead machines' Senders hold still.</param>
    /// <param name="deliveries">Where each letter found is delivered from.</param>
    /// <param name="requests">The requests already under way.</param>
    /// <param name="dispatch">Re-issues each other request.</param>
    /// <param name="doYouHaveIt">Where a letter no live machine has waits.</param>
    /// <param name="appointment">Appoints the Lieutenant and announces the new view.</param>
    /// <param name="order">Continues after the records' last request.</param>
    /// <param name="uids">Numbers a recorded letter that has no UIDs yet (recorded by a build before them).</param>
    /// <param name="logger">The Master's logger.</param>
    public TakeOver(
        MasterContext master,
        MasterStanding standing,
        Caretaker caretaker,
        Senders senders,
        DeliveryQueue deliveries,
        PendingRequests requests,
        RequestDispatch dispatch,
        DoYouHaveIt doYouHaveIt,
        LieutenantAppointment appointment,
        RequestOrder order,
        UidCounter uids,
        ILogger logger)
    {
        _uids = uids;
        _master = master;
        _standing = standing;
        _caretaker = caretaker;
        _senders = senders;
        _deliveries = deliveries;
        _requests = requests;
        _dispatch = dispatch;
        _doYouHaveIt = doYouHaveIt;
        _appointment = appointment;
        _order = order;
        _logger = logger;
        _findFile = new FindFile(master.Machine, master.Options.Machines, caretaker.IsDead, master.Grains, master.Store);
    }

    /// <summary>Starts this Master from <paramref name="state"/>: the Lieutenant's records, or the former Master's.</summary>
    public async Task RunAsync(TakeOverState state)
    {
        var machine = _master.Machine;
        var superseded = await SupersededAsync(state.Records);

        // Before requests come in: every letter in the records is known by its submission from now on, so a retry of
        // it (the client gave up on the old Master) is answered with the same letter.
        foreach (var record in state.Records.Where(r => r.Kind == LieutenantRecords.SendKind && !superseded.Contains(r.OpId)))
        {
            var header = LieutenantRecords.ReadLetter(record);
            _deliveries.TryRememberSubmission(header.SubmissionKey, header.Id);
        }

        _standing.OpenForRequests();
        LogTakingOver(machine, _standing.View.Epoch, state.FormerMaster, state.Records.Count);
        _standing.Note(ClusterEventKind.TookOver, machine, state.FormerMasterAlive
            ? $"change of master: {state.FormerMaster} hands over to {machine}"
            : state.FormerMaster == machine
                ? $"{machine} restarted as Master with no Lieutenant and takes over again from the records it kept"
                : $"{machine} takes over as Master from {state.FormerMaster}", state.Records.Count);
        if (!state.FormerMasterAlive && state.FormerMaster != machine)
        {
            _master.Metrics.FailedOver();
        }

        foreach (var dead in state.DeadMachines.Append(state.FormerMaster).Distinct().Where(m => m != machine && _senders.Contains(m)))
        {
            if (state.FormerMasterAlive && dead == state.FormerMaster)
            {
                continue;
            }

            _caretaker.MarkDead(dead);
            _senders[dead].MarkDead();
        }

        _order.Reached(state.Records.Select(r => r.Seq).DefaultIfEmpty(0).Max());

        // A Lieutenant first (the takeover leaves this machine with none), given the records as they came, so that
        // what the old Master acknowledged has two durable copies again before anything else; then the announcement.
        // A superseded letter's record is not handed on: nothing would ever finish it, so it would stay for good.
        if (_standing.View.Lieutenant is null)
        {
            await _appointment.AppointAsync([.. state.Records.Where(r => !superseded.Contains(r.OpId))]);
        }

        await _appointment.AnnounceAsync();

        // Re-issue every unfinished request from scratch, in the order it was made; repeats are harmless.
        var records = state.Records.Where(r => r.Kind != LieutenantRecords.DeadKind).OrderBy(r => r.Seq).ToList();
        foreach (var record in records)
        {
            if (record.Kind == LieutenantRecords.SendKind && !superseded.Contains(record.OpId))
            {
                await ReissueLetterAsync(record);
            }
        }

        foreach (var record in records.Where(r => r.Kind == LieutenantRecords.RequestKind))
        {
            var order = LieutenantRecords.ReadRequest(record);
            if (!_requests.Contains(order.OpId))
            {
                _dispatch.Dispatch(new PendingRequest(order, _master.Options.Machines, record.Seq));
            }
        }
    }

    // Records of letters never acknowledged whose submission became another letter: the Lieutenant wrote one down,
    // but the Master's answer to it was lost (a timeout, a dropped connection) and the Master lived on, so the
    // client sent it again, perhaps through another machine, as a new letter. Only the later is delivered: the
    // stores hold one letter per submission and would refuse the other (a machine that cannot deliver crashes), and
    // the client was only ever told of the later. Later means a later record of the same submission, or the letter
    // this machine already holds under it.
    private async Task<HashSet<string>> SupersededAsync(IReadOnlyList<LieutenantRecord> records)
    {
        var letters = records
            .Where(r => r.Kind == LieutenantRecords.SendKind)
            .Select(r => (Record: r, Header: LieutenantRecords.ReadLetter(r)))
            .ToList();
        var latest = letters
            .GroupBy(l => l.Header.SubmissionKey, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.MaxBy(l => l.Record.Seq).Record.OpId, StringComparer.Ordinal);
        var superseded = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (record, header) in letters)
        {
            if (latest[header.SubmissionKey] != record.OpId
                || await _master.Store.Letters.FindDeliveredLetterIdBySubmissionAsync(header.SubmissionKey) is { } held && held != header.Id)
            {
                superseded.Add(record.OpId);
                LogSuperseded(header.Id, header.SubmissionKey);
            }
        }

        return superseded;
    }

    private async Task ReissueLetterAsync(LieutenantRecord record)
    {
        var header = LieutenantRecords.ReadLetter(record);
        if (_deliveries.Contains(header.Id))
        {
            return;
        }

        if (header.Uids is null)
        {
            // Recorded by a build before UIDs (an upgrade with letters in mid-delivery): numbered now, in record order.
            header = (await _uids.NumberAsync([new Letter(header, [])]))[0].Header;
        }

        var unanswered = new List<string>();
        if (await _findFile.FindAsync(header, unanswered) is { } letter)
        {
            _deliveries.Start(letter, record.Seq);
        }
        else
        {
            // No live machine gave the body: wait for one that comes back (asked at every rebirth), or for a live one
            // that did not answer to answer (asked again on the Caretaker's rounds).
            _doYouHaveIt.Add(header, record.Seq, unanswered);
            _deliveries.RememberSubmission(header.SubmissionKey, header.Id);
            LogDoYouHaveIt(header.Id);
            _standing.Note(ClusterEventKind.LetterMissing, header.Id, $"no live machine has letter {header.Id}: on the DoYouHaveIt list");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Machine} takes over as Master (epoch {Epoch}); the former Master: {Former}; {Records} records")]
    private partial void LogTakingOver(string machine, long epoch, string former, int records);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Letter {LetterId} is not re-issued: its submission {SubmissionKey} became a later letter (it was never acknowledged)")]
    private partial void LogSuperseded(string letterId, string submissionKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No live machine has letter {LetterId}: it goes on the DoYouHaveIt list")]
    private partial void LogDoYouHaveIt(string letterId);
}
