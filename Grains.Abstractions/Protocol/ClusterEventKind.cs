namespace Maildriver.Grains.Protocol;

/// <summary>What happened, in a <see cref="ClusterEvent"/>.</summary>
[GenerateSerializer, Alias("Maildriver.ClusterEventKind")]
public enum ClusterEventKind
{
    /// <summary>A Master activated (first start, takeover or change of master).</summary>
    MasterActive,

    /// <summary>The Caretaker put a machine on the Dead Machine List.</summary>
    MachineDied,

    /// <summary>A dead machine answered again; its catch-up list is being emptied into it.</summary>
    CatchUpStarted,

    /// <summary>A machine is caught up and back on the active list (the end of a rebirth).</summary>
    MachineBack,

    /// <summary>A new Lieutenant was appointed.</summary>
    LieutenantAppointed,

    /// <summary>No live machine could be made Lieutenant.</summary>
    NoLieutenant,

    /// <summary>This machine became Master: a takeover from a dead Master, or a change of master.</summary>
    TookOver,

    /// <summary>This Master handed mastership to another machine (change master).</summary>
    HandedOver,

    /// <summary>This Master met a newer epoch and stepped down.</summary>
    SteppedDown,

    /// <summary>No live machine had a letter's body: it went on the DoYouHaveIt list.</summary>
    LetterMissing,

    /// <summary>A returning machine had a letter from the DoYouHaveIt list.</summary>
    LetterFound,

    /// <summary>A machine that lost its store (or was restored from a backup) is being rebuilt from another's.</summary>
    RebuildStarted,

    /// <summary>The Lieutenant heard no pulse from the Master and takes its place (recorded by the Lieutenant).</summary>
    MasterSilent,
}
