using System.Net;
using System.Net.Sockets;

namespace Maildriver.Tests.Runtime.Transport;

/// <summary>Loopback ports chosen at run time.</summary>
internal static class TestPorts
{
    /// <summary>A port nothing listens on right now: the OS picks it for a listener that is closed at once.</summary>
    public static int Free()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)listener.LocalEndPoint!).Port;
    }
}
