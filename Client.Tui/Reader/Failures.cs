using Maildriver.Grains.Protocol;
using Maildriver.Client.Connection;

namespace Maildriver.Client.Reader;

/// <summary>Reads an exception from the client as what it means for the request's outcome.</summary>
internal static class Failures
{
    public static Failure Classify(Exception error) => error switch
    {
        GatewayUnavailableException => new Failure(FailureKind.Unreachable, "no gateway answers"),
        // The server (or the gateway) looked at the request and said no: nothing was done.
        RequestRefusedException or ArgumentException => new Failure(FailureKind.Refused, error.Message),
        // Timeouts, a machine lost behind the gateway, a Master changing hands: it may or may not have happened.
        _ => new Failure(FailureKind.Unknown, error.Message),
    };
}
