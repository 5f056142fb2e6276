namespace Maildriver.Grains.Master;

/// <summary>
/// The Caretaker's round, every pulse interval (section 10 and the appendix's CARETAKER): every other machine's pulse
/// (the <see cref="Caretaker"/> declares the deaths and notices the returns), the catch-up figures, the DoYouHaveIt
/// question put again to live machines that have not answered it, and, while this Master has no live Lieutenant,
/// another try at appointing one. A pulse, or its own machine, that shows a newer
/// Master makes this one step down.
/// </summary>
/// <param name="master">The Master's machine and services.</param>
/// <param name="standing">Whether this Master may act yet, or still.</param>
/// <param name="caretaker">Takes the pulses and keeps the DML.</param>
/// <param name="lifeOrDeath">Reports the catch-up lists after each round.</param>
/// <param name="lieutenant">Whether a live Lieutenant takes the second copy of each request.</param>
/// <param name="appointment">Appoints one when there is none.</param>
/// <param name="offer">Asks live machines about the letters on the DoYouHaveIt list.</param>
internal sealed class CaretakerRound(
    MasterContext master,
    MasterStanding standing,
    Caretaker caretaker,
    LifeOrDeath lifeOrDeath,
    LieutenantConnection lieutenant,
    LieutenantAppointment appointment,
    DoYouHaveItOffer offer)
{
    /// <summary>Takes <paramref name="machine"/>'s pulse; throws when it has none.</summary>
    public async Task TakePulseAsync(string machine)
    {
        var reply = await master.Replica(machine).Pulse();

        // Only a newer view naming another Master deposes this one (a newer view naming us is our own appointment).
        if (reply.View.Supersedes(standing.View) && reply.View.Master != master.Machine)
        {
            standing.StepDown(machine);
        }
    }

    /// <summary>One round.</summary>
    public async Task RunAsync()
    {
        // Until a takeover's records are in, this Master knows too little to declare deaths or appoint a Lieutenant
        // (which would be handed an empty record set and clear the copy this machine kept).
        if (standing.Deposed || !standing.TakenOver)
        {
            return;
        }

        // A Master that was partitioned away may have been replaced: its own machine hears the announcement.
        var own = await master.Replica(master.Machine).GetView();
        if (own.Master != master.Machine)
        {
            standing.StepDown(master.Machine);
            return;
        }

        await caretaker.PollAsync();
        lifeOrDeath.ReportCatchUp();
        _ = offer.AskUnansweredAsync();

        // A Master without a live Lieutenant acknowledges nothing: it keeps trying to appoint one, since a machine
        // may come back without ever having been declared dead (it restarted within the no-pulse timeout).
        if (lieutenant.NotAcknowledging() is not null && !appointment.Appointing)
        {
            await appointment.AppointAsync();
        }
    }
}
