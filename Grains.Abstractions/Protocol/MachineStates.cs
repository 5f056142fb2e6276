namespace Maildriver.Grains.Protocol;

/// <summary>The values of <see cref="MachineStatus.State"/>: where a machine stands as the Master sees it.</summary>
public static class MachineStates
{
    /// <summary>On the active list: it receives the Master's orders as they come.</summary>
    public const string Up = "up";

    /// <summary>On the Dead Machine List and not answering: its requests wait on its catch-up list.</summary>
    public const string Dead = "dead";

    /// <summary>On the Dead Machine List but answering again: its catch-up list is being sent to it.</summary>
    public const string CatchingUp = "catching-up";

    /// <summary>Copying a snapshot of the Master's machine after its store was lost or restored from a backup.</summary>
    public const string Rebuilding = "rebuilding";
}
