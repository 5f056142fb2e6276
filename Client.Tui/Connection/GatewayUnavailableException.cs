namespace Maildriver.Client.Connection;

/// <summary>No gateway of the list could be reached; the message names each and why. The CLI exits 3 on it.</summary>
public sealed class GatewayUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
