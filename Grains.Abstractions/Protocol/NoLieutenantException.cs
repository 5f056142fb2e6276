namespace Maildriver.Grains.Protocol;

/// <summary>
/// A temporary refusal: the Master has no live Lieutenant to hold the second durable copy of a request, so it
/// acknowledges nothing (it waited a bounded time for one). Nothing was acknowledged; a send may still be delivered
/// later, so retry with the same submission id.
/// </summary>
[GenerateSerializer, Alias("Maildriver.NoLieutenantException")]
public sealed class NoLieutenantException(string message) : Exception(message);
