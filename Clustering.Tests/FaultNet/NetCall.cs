namespace Maildriver.Clustering.Tests.FaultNet;

/// <summary>
/// One grain call as the fault net sees it when it leaves a node: which machine sends it (a silo's name, or
/// <see cref="FaultNetwork.ClientName"/>), which machine its target's key names, and what it invokes. Rules of the
/// <see cref="FaultNetwork"/> are predicates over it.
/// </summary>
public sealed class NetCall(string from, string to, IOutgoingGrainCallContext context)
{
    /// <summary>The sending machine.</summary>
    public string From => from;

    /// <summary>The machine the target grain's key names (the key up to its first '/').</summary>
    public string To => to;

    /// <summary>The grain interface the call was made through.</summary>
    public Type? Interface => context.InterfaceMethod.DeclaringType;

    /// <summary>The method's name.</summary>
    public string Method => context.MethodName;

    /// <summary>The target grain.</summary>
    public GrainId Target => context.TargetId;

    /// <summary>The call's argument <paramref name="index"/>.</summary>
    public object? Argument(int index) => context.Request.GetArgument(index);

    /// <summary>True if the call goes from <paramref name="sender"/> to <paramref name="receiver"/>.</summary>
    public bool Between(string sender, string receiver)
        => string.Equals(from, sender, StringComparison.Ordinal) && string.Equals(to, receiver, StringComparison.Ordinal);

    /// <inheritdoc />
    public override string ToString() => $"{from} -> {to}: {Interface?.Name}.{Method} on {Target}";
}
