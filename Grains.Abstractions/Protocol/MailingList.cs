namespace Maildriver.Grains.Protocol;

/// <summary>A named set of users a sender may address; expanded at the origin machine.</summary>
/// <param name="Name">The list name.</param>
/// <param name="Members">The member user names.</param>
[GenerateSerializer, Immutable, Alias("Maildriver.MailingList")]
public sealed record MailingList([property: Id(0)] string Name, [property: Id(1)] IReadOnlyList<string> Members);
