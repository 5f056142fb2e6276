using Maildriver.Grains.Protocol;

namespace Maildriver.Grains.Replica;

/// <summary>
/// The Pulse process (section 5 and the appendix's PULSE): it sits dormant until the Caretaker, or for the
/// Master's own machine the Lieutenant, takes the machine's pulse, and answers that the machine is alive. The
/// answer carries the machine's view, so a Master that was replaced learns it from the first pulse it takes.
/// </summary>
internal sealed class Pulse(MachineView view)
{
    /// <summary>"Yes I'm here": the machine's view, and whether its own Master is running.</summary>
    public PulseReply Answer() => new(view.Current, view.MasterRunning);
}
