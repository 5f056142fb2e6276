namespace Maildriver.Tests.Runtime.Persistence;

public sealed class MailboxTestState
{
    public int Count { get; set; }

    public List<string> Messages { get; set; } = [];
}

/// <summary>A type that cannot be persistent state: it has no parameterless constructor.</summary>
public sealed class NoDefaultConstructorState(int value)
{
    public int Value { get; } = value;
}
