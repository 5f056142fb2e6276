using Maildriver.Clustering.Placement;

using Microsoft.Extensions.Logging;

namespace Maildriver.Grains.Master;

/// <summary>
/// Asks machines "do you have it?" for the letters on the <see cref="DoYouHaveIt"/> list (section 11, the appendix's
/// ResurrectMachine); a letter a machine has is taken off the list and delivered. A machine coming back to life is
/// asked about every letter: it may hold a body nobody else had. A live machine that did not answer the new Master's
/// <see cref="FindFile"/> (a call that timed out under load, say) is asked again on the Caretaker's rounds until it
/// answers: it may hold the only body, and if only returning machines were asked, its letters would wait for a
/// machine that may never come back.
/// </summary>
internal sealed partial class DoYouHaveItOffer
{
    private readonly MasterContext _master;
    private readonly MasterStanding _standing;
    private readonly Caretaker _caretaker;
    private readonly DeliveryQueue _deliveries;
    private readonly DoYouHaveIt _doYouHaveIt;
    private readonly RequestDispatch _dispatch;
    private readonly ILogger _logger;
    private bool _asking;

    /// <param name="master">The Master's machine and services.</param>
    /// <param name="standing">The Master's notes in the operators' log.</param>
    /// <param name="caretaker">Which machines are dead, and so not asked on a round.</param>
    /// <param name="deliveries">Where a letter found is delivered from.</param>
    /// <param name="doYouHaveIt">Letters whose body no live machine had at the takeover.</param>
    /// <param name="dispatch">Releases the deletes a found letter lets go.</param>
    /// <param name="logger">The Master's logger.</param>
    public DoYouHaveItOffer(MasterContext master, MasterStanding standing, Caretaker caretaker, DeliveryQueue deliveries, DoYouHaveIt doYouHaveIt, RequestDispatch dispatch, ILogger logger)
    {
        _master = master;
        _standing = standing;
        _caretaker = caretaker;
        _deliveries = deliveries;
        _doYouHaveIt = doYouHaveIt;
        _dispatch = dispatch;
        _logger = logger;
    }

    /// <summary>Asks <paramref name="machine"/>, which came back, about every letter on the list; stops if it cannot be reached.</summary>
    public async Task OfferAllAsync(string machine)
    {
        foreach (var (header, seq, _) in _doYouHaveIt.Letters.ToList())
        {
            if (await AskAsync(machine, header, seq) is null)
            {
                return;
            }
        }
    }

    /// <summary>
    /// One Caretaker round's asking: every live machine is asked about each letter it has not answered for yet. Not
    /// awaited by the round (a machine that does not answer takes a response timeout); a round that finds the last
    /// one still asking leaves it be.
    /// </summary>
    public async Task AskUnansweredAsync()
    {
        if (_asking || _doYouHaveIt.Count == 0)
        {
            return;
        }

        _asking = true;
        try
        {
            foreach (var (header, seq, unanswered) in _doYouHaveIt.Letters.ToList())
            {
                foreach (var machine in unanswered.Where(m => !_caretaker.IsDead(m)).ToList())
                {
                    if (_standing.Deposed || !_doYouHaveIt.Contains(header.Id))
                    {
                        break;
                    }

                    if (await AskAsync(machine, header, seq) is false)
                    {
                        _doYouHaveIt.Answered(header.Id, machine);
                    }
                }
            }
        }
        finally
        {
            _asking = false;
        }
    }

    /// <summary>True when <paramref name="machine"/> had the letter (now delivered), false when it answered that it has not, null when it did not answer.</summary>
    private async Task<bool?> AskAsync(string machine, LetterHeader header, long seq)
    {
        try
        {
            var id = header.Id;
            if (await _master.Replica(machine).FindLetter(id) is not { } stored)
            {
                return false;
            }

            // Someone else may have found it first while this one asked.
            if (_doYouHaveIt.Remove(id))
            {
                // The body is the machine's, the header (with the UIDs the Master gave) the list's.
                var found = stored with { Header = header };
                await _master.Store.MasterDirectory.SaveAsync([found]);
                _deliveries.Start(found, seq);
                LogFoundLetter(id, machine);
                _standing.Note(ClusterEventKind.LetterFound, id, $"{machine} had letter {id} from the DoYouHaveIt list");
                _dispatch.ReleaseDeleteQueue(id);
            }

            return true;
        }
        catch (Exception ex) when (Unreachable.Is(ex))
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "DoYouHaveIt: {Machine} had letter {LetterId}")]
    private partial void LogFoundLetter(string letterId, string machine);
}
