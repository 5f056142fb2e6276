namespace Maildriver.Runtime;

/// <summary>A call would wait on itself through a cycle of non-reentrant grains.</summary>
public sealed class DeadlockException(string message) : Exception(message);

/// <summary>The silo a call is addressed to is down or cannot be reached.</summary>
public sealed class SiloUnavailableException(string silo, string message, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>The silo that could not be reached.</summary>
    public string Silo { get; } = silo;
}

/// <summary>No gateway in the client's list answered.</summary>
public sealed class GatewayUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// An exception raised by grain code on another process whose type could not be rebuilt on this side.
/// </summary>
public sealed class GrainCallException(string remoteType, string message) : Exception(message)
{
    /// <summary>Full name of the exception type thrown remotely.</summary>
    public string RemoteType { get; } = remoteType;
}

/// <summary>A write lost a race: the stored ETag no longer matches the one this activation read.</summary>
public sealed class InconsistentStateException(string message) : Exception(message);

/// <summary>The gateway refused the call: the interface is not part of the client API.</summary>
public sealed class GatewayRefusedException(string message) : Exception(message);
