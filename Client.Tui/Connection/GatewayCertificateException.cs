namespace Maildriver.Client.Connection;

/// <summary>The client refused a TLS gateway's certificate; the message says why.</summary>
public sealed class GatewayCertificateException(string message, Exception? inner = null) : Exception(message, inner);
