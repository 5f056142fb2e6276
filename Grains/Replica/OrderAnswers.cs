using Maildriver.Grains.Storage;

namespace Maildriver.Grains.Replica;

/// <summary>
/// What the Delivery process answers the Master for each order (section 7.2): "I got it" for a letter now in its
/// WorkSpace, to be delivered; "I've finished it" for what is done (a letter already delivered, a delete, a flag,
/// a user or list change); and missing for a "mark valid" of a letter the origin no longer has (it restarted and
/// dropped its bogus copy), which the Master answers by sending the whole letter.
/// </summary>
internal static class OrderAnswers
{
    /// <summary>Sorts the orders' ids by answer, from what the store found.</summary>
    public static ApplyResult Decide(this IReadOnlyList<OrderEffect> effects)
    {
        var gotIt = new List<string>();
        var finished = new List<string>();
        var missing = new List<string>();
        foreach (var effect in effects)
        {
            (effect.Fact switch
            {
                OrderFact.NowValid => gotIt,
                OrderFact.NotHere => missing,
                _ => finished,
            }).Add(effect.OpId);
        }

        return new ApplyResult(gotIt, finished, missing);
    }
}
