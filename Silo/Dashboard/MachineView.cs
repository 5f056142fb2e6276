namespace Maildriver.Silo.Dashboard;

/// <summary>One machine of the cluster.</summary>
/// <param name="Name">The machine.</param>
/// <param name="State">
/// <c>up</c>; <c>dead</c> (on the Master's Dead Machine List); <c>catching-up</c> (back, its catch-up list being
/// emptied into it); or <c>unknown</c> (no Master answered and neither did the machine).
/// </param>
/// <param name="Reachable">Whether it answered this dashboard.</param>
/// <param name="IsMaster">Whether it holds mastership.</param>
/// <param name="IsLieutenant">Whether it holds lieutenancy.</param>
/// <param name="StartedAt">When its silo started, if it answered.</param>
/// <param name="UptimeSeconds">How long it has been running, if it answered.</param>
/// <param name="DeadSince">When the Master declared it dead, if it is dead and the event is known.</param>
/// <param name="Queue">Requests waiting for it in the Master's queue (its catch-up list while it is dead).</param>
/// <param name="Error">Why it did not answer.</param>
public sealed record MachineView(
    string Name,
    string State,
    bool Reachable,
    bool IsMaster,
    bool IsLieutenant,
    DateTimeOffset? StartedAt,
    double? UptimeSeconds,
    DateTimeOffset? DeadSince,
    int? Queue,
    string? Error);
