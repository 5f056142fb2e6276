using Maildriver.Grains.Protocol;
using Maildriver.Grains.Storage;

namespace Maildriver.Grains.Dashboard;

/// <summary>What one machine tells the dashboard about itself.</summary>
/// <param name="Machine">The machine.</param>
/// <param name="View">Who it believes is Master and Lieutenant.</param>
/// <param name="StartedAt">When its silo started.</param>
/// <param name="Time">When the report was made, by its clock.</param>
/// <param name="Mail">Its mail store's figures, at most a couple of seconds old; null when they could not be read.</param>
/// <param name="MailError">Why they could not be read.</param>
/// <param name="Events">The cluster events recorded on this machine, newest first.</param>
[GenerateSerializer, Immutable, Alias("Maildriver.MachineReport")]
public sealed record MachineReport(
    [property: Id(0)] string Machine,
    [property: Id(1)] ClusterView View,
    [property: Id(2)] DateTimeOffset StartedAt,
    [property: Id(3)] DateTimeOffset Time,
    [property: Id(4)] MailStoreStats? Mail,
    [property: Id(5)] string? MailError,
    [property: Id(6)] IReadOnlyList<ClusterEvent> Events);
