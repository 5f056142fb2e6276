using Maildriver.Grains.Server;

namespace Maildriver.Tests.Processes.Torture;

/// <summary>
/// Read flags: which reads were acknowledged, and every read flag a client saw set, per gateway. A flag once set
/// on a machine must stay set there (a machine only applies "mark read" after the Master recorded it), and at the
/// end it must be set on every machine that still lists the letter for that user.
/// </summary>
public sealed partial class TortureLedger
{
    private readonly Dictionary<LetterCopy, ChangeState> _reads = [];
    private readonly Dictionary<(string Gateway, LetterCopy Copy), long> _seenRead = [];
    private readonly Dictionary<LetterCopy, string> _seenReadFirstAt = [];

    /// <summary>A read of <paramref name="copy"/> is about to be sent. An earlier acknowledged or ambiguous outcome stands.</summary>
    public void BeginRead(LetterCopy copy)
    {
        lock (_gate)
        {
            if (!_reads.TryGetValue(copy, out var state) || state is ChangeState.Refused)
            {
                _reads[copy] = ChangeState.InFlight;
            }
        }
    }

    /// <summary>A read ended; the strongest outcome of all reads of the copy is kept (acknowledged, then ambiguous).</summary>
    public void ReadEnded(LetterCopy copy, ChangeState state)
    {
        lock (_gate)
        {
            var current = _reads.GetValueOrDefault(copy, ChangeState.InFlight);
            if (current == ChangeState.InFlight || Strength(state) > Strength(current))
            {
                _reads[copy] = state;
            }
        }
    }

    public ChangeState? ReadStateOf(LetterCopy copy)
    {
        lock (_gate)
        {
            return _reads.TryGetValue(copy, out var state) ? state : null;
        }
    }

    /// <summary>The gateway where a client first saw the copy's read flag set, or null if none ever did.</summary>
    public string? SeenReadAt(LetterCopy copy)
    {
        lock (_gate)
        {
            return _seenReadFirstAt.GetValueOrDefault(copy);
        }
    }

    /// <summary>
    /// Records the read flags <paramref name="gateway"/> showed for <paramref name="user"/> (a List or a Receive,
    /// both answered from that machine's store) in a call that began at clock <paramref name="started"/>. A flag
    /// shown unset although this gateway had shown it set to a call that ended before this one began has gone back
    /// to unread: the finding is returned (once per copy and gateway) and recorded as a violation.
    /// </summary>
    public IReadOnlyList<string> ObserveReadFlags(string gateway, string user, IEnumerable<LetterView> letters, long started)
    {
        var findings = new List<string>();
        lock (_gate)
        {
            var now = Now();
            foreach (var letter in letters)
            {
                var copy = new LetterCopy(user, letter.Id);
                if (letter.Read)
                {
                    _seenRead.TryAdd((gateway, copy), now);
                    _seenReadFirstAt.TryAdd(copy, gateway);
                }
                else if (_seenRead.TryGetValue((gateway, copy), out var seenAt) && seenAt < started)
                {
                    var what = $"{copy}'s read flag went back to unread at {gateway}: shown read there before, unread to a later call "
                               + $"(read {(_reads.TryGetValue(copy, out var r) ? r : "never sent")}, delete {(_deletes.TryGetValue(copy, out var d) ? d : "never sent")})";
                    if (Violation($"unread-again:{gateway}:{copy}", what))
                    {
                        findings.Add(what);
                    }
                }
            }
        }

        return findings;
    }

    private static int Strength(ChangeState state) => state switch
    {
        ChangeState.Acknowledged => 3,
        ChangeState.Ambiguous => 2,
        ChangeState.Refused => 1,
        _ => 0,
    };

    private string ReadSummary()
        => $"read copies: {_reads.Count} ({string.Join(", ", Enum.GetValues<ChangeState>().Select(s => $"{_reads.Values.Count(x => x == s)} {s}"))}), "
           + $"{_seenReadFirstAt.Count} seen read";
}
