using Maildriver.Grains.Master;

namespace Maildriver.Grains.Dashboard;

/// <summary>A cluster event, with the machine whose log it came from.</summary>
/// <param name="Time">When it happened.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Subject">The machine (or letter) it happened to.</param>
/// <param name="Epoch">The Master's epoch then.</param>
/// <param name="Text">A sentence saying it.</param>
/// <param name="Count">A number that goes with it (how many requests a catch-up starts from).</param>
/// <param name="RecordedOn">The machine that recorded it (the Master of the time).</param>
public sealed record EventView(DateTimeOffset Time, ClusterEventKind Kind, string Subject, long Epoch, string Text, long? Count, string RecordedOn);
