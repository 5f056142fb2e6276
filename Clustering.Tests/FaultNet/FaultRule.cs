namespace Maildriver.Clustering.Tests.FaultNet;

/// <summary>One rule of the fault net: the calls it matches and what happens to them.</summary>
internal sealed record FaultRule(FaultKind Kind, Func<NetCall, bool> Match, TimeSpan Delay = default);
