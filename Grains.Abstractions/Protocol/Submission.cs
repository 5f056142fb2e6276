namespace Maildriver.Grains.Protocol;

/// <summary>A letter as the Server process hands it to its machine, before it has an id.</summary>
/// <param name="From">The sending user.</param>
/// <param name="To">The recipients, lists already expanded.</param>
/// <param name="Subject">The subject, as one line of text (decoded from the message's header).</param>
/// <param name="Message">The RFC 5322 message.</param>
/// <param name="SubmissionKey"><c>&lt;sender&gt;/&lt;client submission id&gt;</c>.</param>
[GenerateSerializer, Immutable, Alias("Maildriver.Submission")]
public sealed record Submission([property: Id(0)] string From, [property: Id(1)] IReadOnlyList<string> To, [property: Id(2)] string Subject, [property: Id(3)] byte[] Message, [property: Id(4)] string SubmissionKey);
