namespace Maildriver.Grains.Protocol;

/// <summary>A named set of users a sender may address; expanded at the origin machine.</summary>
/// <param name="Name">The list name.</param>
/// <param name="Members">The member user names.</param>
public sealed record MailingList(string Name, IReadOnlyList<string> Members);
