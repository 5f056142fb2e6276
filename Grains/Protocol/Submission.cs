namespace Maildriver.Grains.Protocol;

/// <summary>A letter as the Server process hands it to its machine, before it has an id.</summary>
/// <param name="From">The sending user.</param>
/// <param name="To">The recipients, lists already expanded.</param>
/// <param name="Subject">The subject.</param>
/// <param name="Body">The text.</param>
/// <param name="SubmissionKey"><c>&lt;sender&gt;/&lt;client submission id&gt;</c>.</param>
public sealed record Submission(string From, IReadOnlyList<string> To, string Subject, string Body, string SubmissionKey);
