namespace Maildriver.Grains.Server;

/// <summary>The answer to "message-polling".</summary>
/// <param name="Mail">Whether unread mail is waiting on the connected machine.</param>
[GenerateSerializer, Immutable, Alias("Maildriver.PollResult")]
public sealed record PollResult([property: Id(0)] bool Mail);
