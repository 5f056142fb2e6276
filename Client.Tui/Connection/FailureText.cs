namespace Maildriver.Client.Connection;

/// <summary>What to tell a user about a failed connection or call: the cause, not Orleans's wrapping of it.</summary>
internal static class FailureText
{
    /// <summary>
    /// The innermost message of <paramref name="error"/>: Orleans wraps a refused or mismatched connection in
    /// "Unable to connect to any of the 1 available gateways.", which says nothing about why.
    /// </summary>
    public static string Of(Exception error)
    {
        // Ours already says what happened; Orleans's inner error would only say the connection ended.
        if (error is GatewayCertificateException refused)
        {
            return refused.Message;
        }

        var cause = error;
        while (cause.InnerException is { } inner)
        {
            cause = inner;
        }

        return string.Join(' ', cause.Message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    /// <summary>
    /// For a gateway that accepted the connection and then hung up during Orleans's handshake, the likely reasons;
    /// empty otherwise. A gateway closes the connection without a word when the client's cluster id is not its own,
    /// and a TLS gateway does the same to a cleartext client.
    /// </summary>
    public static string HandshakeHint(Exception error, GatewayAddress gateway, ClientSettings settings)
    {
        var cause = error;
        while (cause.InnerException is { } inner)
        {
            cause = inner;
        }

        // Nothing was reached (refused, unreachable, no answer): no handshake took place. Anything else means the TCP
        // connection was made and then ended by the gateway; Orleans reports that as "Connection terminated
        // prematurely" or "Underlying connection closed", depending on which side noticed first.
        // (ASP.NET's ConnectionAbortedException derives from OperationCanceledException, hence the exact types.)
        if (cause is System.Net.Sockets.SocketException or TimeoutException or TaskCanceledException
            || cause.GetType() == typeof(OperationCanceledException)
            || cause.GetType().Name == "SocketConnectionException")
        {
            return "";
        }

        var tls = gateway.UseTls ? "" : " Or does the gateway speak TLS (write https://host:port)?";
        return $" (the gateway hung up during the handshake: is '{settings.ClusterId}' (MAILDRIVER_CLUSTER_ID) the cluster's id?{tls})";
    }
}
