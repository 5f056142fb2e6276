namespace Maildriver.Grains.Protocol;

/// <summary>The paper's State flag in a protoletter's header page.</summary>
[GenerateSerializer, Alias("Maildriver.ProtoletterState")]
public enum ProtoletterState
{
    /// <summary>Not yet safe with the Master: dropped if the machine restarts.</summary>
    Bogus,
    /// <summary>Safe with the Master: delivery may proceed, and resumes after a restart.</summary>
    Valid,
}
