using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Maildriver.Tests.Processes.Torture;

/// <summary>
/// What the clients were told, the only ground truth the audit may use: which sends, deletes, reads and user and
/// list changes were acknowledged, which have an unknown outcome, which were refused. Also a logical clock, so a
/// check can ask "was this acknowledged before that request started?", and the violations the workload saw while
/// running.
/// </summary>
public sealed partial class TortureLedger
{
    /// <summary>The client requests counted in <see cref="Summary"/>'s "acknowledged" part, as named in the event counters.</summary>
    private static readonly string[] RequestKinds = ["send", "send.repeat", "delete", "read", "adduser", "deleteuser", "addlist", "deletelist"];

    private readonly Lock _gate = new();
    private readonly Dictionary<string, SentLetter> _sends = new(StringComparer.Ordinal);
    private readonly Dictionary<LetterCopy, DeleteState> _deletes = [];
    private readonly HashSet<string> _repeating = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string First, int Count)> _violations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _counters = new(StringComparer.Ordinal);
    private long _clock;

    /// <summary>A tick of the logical clock; later calls return larger numbers.</summary>
    public long Now() => Interlocked.Increment(ref _clock);

    /// <summary>What went wrong during the run, each distinct finding once with how often it was seen.</summary>
    public IReadOnlyList<string> Violations
        => _violations.Select(v => v.Value.Count == 1 ? v.Value.First : $"{v.Value.First} [seen {v.Value.Count} times]").ToList();

    /// <summary>
    /// Records a finding; the same <paramref name="key"/> again only counts (a reader meets the same hole many
    /// times). True the first time.
    /// </summary>
    public bool Violation(string key, string what)
        => _violations.AddOrUpdate(key, (what, 1), (_, v) => (v.First, v.Count + 1)).Count == 1;

    /// <summary>Counts an event by kind (acknowledgements, exception types, refusals) for the summary.</summary>
    public void Count(string kind) => _counters.AddOrUpdate(kind, 1, (_, n) => n + 1);

    public SentLetter BeginSend(string submissionId, string from, IReadOnlyList<string> to)
    {
        var letter = new SentLetter(submissionId, from, to);
        lock (_gate)
        {
            _sends.Add(submissionId, letter);
        }

        return letter;
    }

    /// <summary>Records an acknowledgement; a second one naming another letter means the submission made two letters.</summary>
    public void Acknowledged(SentLetter letter, string letterId)
    {
        lock (_gate)
        {
            if (letter.LetterId is { } first && first != letterId)
            {
                Violation($"two-ids:{letter.SubmissionId}", $"submission {letter.SubmissionId} was acknowledged as {first} and, repeated, as {letterId}: one submission made two letters");
                return;
            }

            letter.State = SendState.Acknowledged;
            letter.LetterId = letterId;
            letter.AcknowledgedAt = Now();
        }
    }

    /// <summary>The send ended without an acknowledgement: refused on a clean first try, else ambiguous.</summary>
    public void Unacknowledged(SentLetter letter, bool cleanRefusal, string why)
    {
        lock (_gate)
        {
            if (letter.State == SendState.InFlight)
            {
                letter.State = cleanRefusal ? SendState.Refused : SendState.Ambiguous;
                letter.Note = why;
            }
        }
    }

    /// <summary>Marks a submission as about to be repeated, so the deleter leaves its letter alone meanwhile.</summary>
    public void BeginRepeat(string submissionId)
    {
        lock (_gate)
        {
            _repeating.Add(submissionId);
        }
    }

    public void EndRepeat(string submissionId)
    {
        lock (_gate)
        {
            _repeating.Remove(submissionId);
        }
    }

    /// <summary>
    /// Claims copies for deleting: only those no delete was ever sent for and whose submission is not being
    /// repeated, at most <paramref name="max"/>, in the candidates' order. The claimed ones are in flight from now on.
    /// </summary>
    public IReadOnlyList<LetterCopy> ClaimForDelete(IEnumerable<(LetterCopy Copy, string? SubmissionId)> candidates, int max)
    {
        lock (_gate)
        {
            var claimed = new List<LetterCopy>();
            foreach (var (copy, submission) in candidates)
            {
                if (claimed.Count < max && !_deletes.ContainsKey(copy) && (submission is null || !_repeating.Contains(submission)))
                {
                    _deletes[copy] = DeleteState.InFlight;
                    claimed.Add(copy);
                }
            }

            return claimed;
        }
    }

    public void DeleteEnded(IEnumerable<LetterCopy> copies, DeleteState state)
    {
        lock (_gate)
        {
            foreach (var copy in copies)
            {
                _deletes[copy] = state;
            }
        }
    }

    /// <summary>Whether any delete of the copy was ever sent (whatever became of it).</summary>
    public bool DeleteWasSent(LetterCopy copy)
    {
        lock (_gate)
        {
            return _deletes.ContainsKey(copy);
        }
    }

    public DeleteState? DeleteStateOf(LetterCopy copy)
    {
        lock (_gate)
        {
            return _deletes.TryGetValue(copy, out var state) ? state : null;
        }
    }

    /// <summary>Letters for <paramref name="user"/> acknowledged before the clock read <paramref name="before"/>.</summary>
    public IReadOnlyList<SentLetter> AcknowledgedFor(string user, long before)
    {
        lock (_gate)
        {
            return _sends.Values.Where(s => s.State == SendState.Acknowledged && s.AcknowledgedAt < before && s.To.Contains(user)).ToList();
        }
    }

    public SentLetter? FindSend(string submissionId)
    {
        lock (_gate)
        {
            return _sends.GetValueOrDefault(submissionId);
        }
    }

    public IReadOnlyList<SentLetter> Sends()
    {
        lock (_gate)
        {
            return _sends.Values.ToList();
        }
    }

    /// <summary>Closes the books at the end of the run: whatever is still in flight has an unknown outcome.</summary>
    public void Close()
    {
        lock (_gate)
        {
            foreach (var send in _sends.Values.Where(s => s.State == SendState.InFlight))
            {
                send.State = SendState.Ambiguous;
                send.Note = "still unacknowledged when the run ended";
            }

            foreach (var copy in _deletes.Where(d => d.Value == DeleteState.InFlight).Select(d => d.Key).ToList())
            {
                _deletes[copy] = DeleteState.Ambiguous;
            }

            foreach (var copy in _reads.Where(r => r.Value == ChangeState.InFlight).Select(r => r.Key).ToList())
            {
                _reads[copy] = ChangeState.Ambiguous;
            }

            CloseDirectory();
        }
    }

    public string Summary()
    {
        lock (_gate)
        {
            var text = new StringBuilder();
            text.Append(CultureInfo.InvariantCulture, $"sends: {_sends.Count} (");
            text.AppendJoin(", ", Enum.GetValues<SendState>().Select(s => $"{_sends.Values.Count(x => x.State == s)} {s}"));
            text.Append(CultureInfo.InvariantCulture, $"); deleted copies: {_deletes.Count} (");
            text.AppendJoin(", ", Enum.GetValues<DeleteState>().Select(s => $"{_deletes.Values.Count(x => x == s)} {s}"));
            text.Append("); ").Append(ReadSummary());
            text.Append("; ").Append(DirectorySummary(DirectoryKind.User));
            text.Append("; ").Append(DirectorySummary(DirectoryKind.List));
            text.Append("; requests acknowledged: ").AppendJoin(", ", RequestKinds.Select(k => $"{k}={AcknowledgedRequests(k)}"));
            text.Append("; events: ");
            text.AppendJoin(", ", _counters.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}={c.Value}"));
            var odd = _sends.Values.Where(s => s.State is SendState.Ambiguous or SendState.Refused).Take(20).ToList();
            if (odd.Count > 0)
            {
                text.Append("\nunacknowledged sends: ").AppendJoin("; ", odd);
            }

            var oddChanges = _directory.Values.Where(e => e.Added != ChangeState.Acknowledged || e.Deleted is ChangeState.Ambiguous or ChangeState.Refused).Take(20).ToList();
            if (oddChanges.Count > 0)
            {
                text.Append("\nunacknowledged or refused user and list changes: ").AppendJoin("; ", oddChanges);
            }

            return text.ToString();
        }
    }

    // First try and retries alike: "read.ack" and "read.ack.retried", not "send.repeat.ack" for "send".
    private int AcknowledgedRequests(string kind)
        => _counters.Where(c => c.Key == kind + ".ack" || c.Key.StartsWith(kind + ".ack.", StringComparison.Ordinal)).Sum(c => c.Value);
}
