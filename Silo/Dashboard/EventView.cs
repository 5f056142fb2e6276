using Maildriver.Grains.Master;
using Maildriver.Grains.Protocol;

namespace Maildriver.Silo.Dashboard;

/// <summary>A cluster event as the page shows it.</summary>
/// <param name="Id">The event's id, the same on every machine that keeps a copy.</param>
/// <param name="Time">When it happened.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Subject">The machine (or letter) it happened to.</param>
/// <param name="Epoch">The Master's epoch then.</param>
/// <param name="Text">A sentence saying it.</param>
/// <param name="Count">A number that goes with it (how many requests a catch-up starts from).</param>
/// <param name="RecordedBy">Who recorded it, role and machine: <c>Master MD1</c> or <c>Lieutenant MD2</c>.</param>
/// <param name="KeptOn">The machines that answered this dashboard with a copy of it.</param>
public sealed record EventView(string Id, DateTimeOffset Time, ClusterEventKind Kind, string Subject, long Epoch, string Text, long? Count, string RecordedBy, IReadOnlyList<string> KeptOn);
