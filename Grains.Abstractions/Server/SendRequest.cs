namespace Maildriver.Grains.Server;

/// <summary>A letter to send.</summary>
/// <param name="To">Recipients: user names and mailing list names.</param>
/// <param name="Subject">The subject.</param>
/// <param name="Body">The text.</param>
/// <param name="SubmissionId">The client's id for this submission; repeating it never sends a second letter.</param>
[GenerateSerializer, Immutable, Alias("Maildriver.SendRequest")]
public sealed record SendRequest([property: Id(0)] IReadOnlyList<string> To, [property: Id(1)] string Subject, [property: Id(2)] string Body, [property: Id(3)] string SubmissionId);
