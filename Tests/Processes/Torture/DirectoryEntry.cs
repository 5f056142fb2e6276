namespace Maildriver.Tests.Processes.Torture;

/// <summary>
/// One user or mailing list the admin task added, and what became of deleting it. Each name is added once per run
/// and deleted at most once after its add was acknowledged. Mutable state is changed only by
/// <see cref="TortureLedger"/> under its lock.
/// </summary>
public sealed class DirectoryEntry(DirectoryKind kind, string name, string password, IReadOnlyList<string> members)
{
    public DirectoryKind Kind { get; } = kind;

    public string Name { get; } = name;

    /// <summary>A user's password (every retry of the add sends the same one); empty for a list.</summary>
    public string Password { get; } = password;

    /// <summary>A list's members (all fixed users); empty for a user.</summary>
    public IReadOnlyList<string> Members { get; } = members;

    public ChangeState Added { get; internal set; } = ChangeState.InFlight;

    /// <summary>The delete's outcome: null while none was sent; <see cref="ChangeState.Refused"/> (changes nothing) may be tried again.</summary>
    public ChangeState? Deleted { get; internal set; }

    /// <summary>Why the add or delete ended as it did, when it was not simply acknowledged.</summary>
    public string? Note { get; internal set; }

    /// <summary>
    /// What every machine must show at the end: true (present) after an acknowledged add and no delete that may
    /// have happened, false (absent) after an acknowledged delete or a cleanly refused add, null when the outcome is
    /// unknown (then the machines must merely agree).
    /// </summary>
    public bool? MustExist => Deleted switch
    {
        ChangeState.Acknowledged => false,
        ChangeState.Ambiguous or ChangeState.InFlight => null,
        _ => Added switch
        {
            ChangeState.Acknowledged => true,
            ChangeState.Refused => false,
            _ => null,
        },
    };

    public override string ToString()
        => $"{(Kind == DirectoryKind.User ? "user" : "list")} {Name}{(Members.Count > 0 ? " [" + string.Join(',', Members) + "]" : "")} "
           + $"(add {Added}{(Deleted is { } d ? ", delete " + d : "")}{(Note is null ? "" : "; " + Note)})";
}
