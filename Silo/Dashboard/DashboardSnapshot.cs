namespace Maildriver.Silo.Dashboard;

/// <summary>Everything the dashboard shows, as <c>GET /api/overview</c> returns it.</summary>
/// <param name="ServedBy">The machine whose dashboard built it.</param>
/// <param name="Time">When it was built.</param>
/// <param name="Cluster">The machines, the Master and Lieutenant, the epoch.</param>
/// <param name="Protocol">Pending work, catch-up, DoYouHaveIt and recent events.</param>
/// <param name="Mail">Each machine's mail figures and whether the replicas agree.</param>
public sealed record DashboardSnapshot(
    string ServedBy,
    DateTimeOffset Time,
    ClusterSection Cluster,
    ProtocolSection Protocol,
    MailSection Mail);
