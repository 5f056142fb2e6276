namespace Maildriver.Grains.Mime;

/// <summary>One attachment of a letter, as clients list it.</summary>
/// <param name="Name">Its file name, or <c>attachment-N</c> when the message gives none.</param>
/// <param name="Type">Its MIME type, e.g. <c>application/pdf</c>.</param>
/// <param name="Size">Its size in bytes once decoded (what <c>maildriver save</c> writes).</param>
[GenerateSerializer, Immutable, Alias("Maildriver.LetterAttachment")]
public sealed record LetterAttachment([property: Id(0)] string Name, [property: Id(1)] string Type, [property: Id(2)] long Size);
