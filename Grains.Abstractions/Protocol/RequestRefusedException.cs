namespace Maildriver.Grains.Protocol;

/// <summary>
/// A client request refused for a reason the user can fix (unknown recipient, bad token, oversized letter, not
/// an admin…). Nothing was stored or changed. The CLI exits with code 1 and prints the message.
/// </summary>
[GenerateSerializer, Alias("Maildriver.RequestRefusedException")]
public sealed class RequestRefusedException(string message) : Exception(message);
