using Maildriver.Clustering.Placement;
using Maildriver.Grains.Protocol;
using Maildriver.Grains.Storage;

namespace Maildriver.Grains.Master;

/// <summary>
/// The appendix's FindFile (section 11): a new Master has only the header of each letter in the Lieutenant's
/// records, and looks for its body in its own storage, then on the origin machine named in the letter id, then on
/// every other live machine. A body found elsewhere goes into the Master directory. When none is found the letter
/// goes on the <see cref="DoYouHaveIt"/> list, with the live machines that did not answer, to be asked again.
/// </summary>
/// <param name="master">The Master's own machine.</param>
/// <param name="machines">Every machine, in configuration order.</param>
/// <param name="isDead">Whether a machine is on the Dead Machine List (asked at each search).</param>
/// <param name="grains">Reaches the other machines.</param>
/// <param name="store">The Master's machine's store.</param>
internal sealed class FindFile(string master, IReadOnlyList<string> machines, Func<string, bool> isDead, IGrainFactory grains, MailStore store)
{
    /// <summary>
    /// The whole letter <paramref name="header"/> names, or null if no live machine said it has it; then
    /// <paramref name="unanswered"/> holds the live machines that could not be asked (unreachable, or no answer in time).
    /// The letter keeps <paramref name="header"/>: a stored copy's header has no UIDs (they live in each machine's inbox
    /// rows, and in the Master's header only until every machine has the letter).
    /// </summary>
    public async Task<Letter?> FindAsync(LetterHeader header, List<string> unanswered)
    {
        if (await store.Letters.FindLetterAsync(header.Id) is { } own)
        {
            return own with { Header = header };
        }

        var candidates = new[] { header.Origin }
            .Concat(machines.Where(m => m != header.Origin))
            .Where(m => m != master && !isDead(m))
            .Distinct();
        foreach (var machine in candidates)
        {
            try
            {
                if (await grains.GetGrain<IReplicaGrain>(machine).FindLetter(header.Id) is { } stored)
                {
                    var found = stored with { Header = header };
                    await store.MasterDirectory.SaveAsync([found]);
                    return found;
                }
            }
            catch (Exception ex) when (Unreachable.Is(ex))
            {
                // Ask the next one; this one is asked again on the Caretaker's rounds while it lives.
                unanswered.Add(machine);
            }
        }

        return null;
    }
}
