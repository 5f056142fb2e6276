namespace Maildriver.Runtime.Gateway;

/// <summary>What the gateway serves, shared by the server and the client connection.</summary>
internal static class GatewayProtocol
{
    /// <summary>The one resource: a JSON <see cref="Messaging.WireRequest"/> in, a JSON <see cref="Messaging.WireResponse"/> out.</summary>
    public const string InvokePath = "/gateway/v1/invoke";

    /// <summary>Request and response bodies.</summary>
    public const string JsonContentType = "application/json";

    /// <summary>Error messages (400, 413, 5xx) are plain text, meant to be shown to whoever made the call.</summary>
    public const string TextContentType = "text/plain; charset=utf-8";
}
