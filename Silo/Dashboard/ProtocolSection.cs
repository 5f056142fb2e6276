namespace Maildriver.Silo.Dashboard;

/// <summary>The replication protocol's state (<c>GET /api/protocol</c>); the counts are null when no Master answered.</summary>
/// <param name="PendingSends">Letters not yet finished on every machine.</param>
/// <param name="PendingDeletes">Deletes and other requests not yet finished on every machine.</param>
/// <param name="DeleteQueue">Deletes and read flags waiting for a letter's delivery to finish.</param>
/// <param name="LiveWork">Work some live machine has not finished; zero when the live machines are quiet.</param>
/// <param name="DoYouHaveIt">Letters whose body no live machine could provide.</param>
/// <param name="CatchUp">Each dead machine's catch-up list.</param>
/// <param name="Events">Recent cluster events from every machine that answered, newest first.</param>
public sealed record ProtocolSection(
    int? PendingSends,
    int? PendingDeletes,
    int? DeleteQueue,
    int? LiveWork,
    IReadOnlyList<string> DoYouHaveIt,
    IReadOnlyList<CatchUpView> CatchUp,
    IReadOnlyList<EventView> Events);
