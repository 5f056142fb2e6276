namespace Maildriver.Grains.Master;

/// <summary>
/// Not in the paper, whose administrative functions (section 9.3) report nothing: what the Master tells an
/// administrator's <c>status</c>, <c>verify</c> and the dashboard: the view, each machine's state and
/// catch-up list, the letters and requests under way, those held in the Delete queue or on the DoYouHaveIt list, the
/// work still to be done on live machines, and why no request is acknowledged when none is.
/// </summary>
/// <param name="master">The cluster's machines.</param>
/// <param name="standing">The Master's view.</param>
/// <param name="caretaker">Which machines are alive.</param>
/// <param name="senders">Each machine's queue.</param>
/// <param name="deliveries">The letters in mid-delivery.</param>
/// <param name="requests">The other requests under way.</param>
/// <param name="dispatch">How many wait in the Delete queue.</param>
/// <param name="doYouHaveIt">Letters no live machine has a body for.</param>
/// <param name="lifeOrDeath">Each machine's state.</param>
/// <param name="lieutenant">Why no request is acknowledged, if none is.</param>
internal sealed class StatusReport(
    MasterContext master,
    MasterStanding standing,
    Caretaker caretaker,
    Senders senders,
    DeliveryQueue deliveries,
    PendingRequests requests,
    RequestDispatch dispatch,
    DoYouHaveIt doYouHaveIt,
    LifeOrDeath lifeOrDeath,
    LieutenantConnection lieutenant)
{
    /// <summary>The Master's status now.</summary>
    public MasterStatus Now()
    {
        var view = standing.View;
        var machines = master.Options.Machines.Select(lifeOrDeath.StatusOf).ToList();
        var deferred = dispatch.Deferred;
        return new MasterStatus(
            view.Master,
            view.Lieutenant,
            view.Epoch,
            machines,
            deliveries.Count + doYouHaveIt.Count,
            requests.Count - deferred,
            deferred,
            doYouHaveIt.Ids,
            LiveWork(),
            lieutenant.NotAcknowledging());
    }

    // Work still to be done on live machines: what "quiet" waits for.
    private int LiveWork()
        => deliveries.Letters.Count(l => l.NotFinished.Any(m => !caretaker.IsDead(m)))
           + requests.All.Count(r => r.Deferred || r.NotFinished.Any(m => !caretaker.IsDead(m)))
           + doYouHaveIt.Count
           + senders.All.Where(s => !s.Dead).Sum(s => s.Count);
}
