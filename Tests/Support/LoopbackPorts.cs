using System.Net;
using System.Net.Sockets;

namespace Maildriver.Tests.Support;

/// <summary>Loopback TCP ports nothing listens on, chosen by the operating system.</summary>
public static class LoopbackPorts
{
    /// <summary>
    /// <paramref name="count"/> distinct free ports. All listeners stay open until every port is chosen, so the OS
    /// cannot hand the same port out twice; another process may still take one before our child binds it, which
    /// <see cref="SiloProcessCluster"/> recovers from by choosing again.
    /// </summary>
    public static IReadOnlyList<int> Reserve(int count)
    {
        var sockets = new List<Socket>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                sockets.Add(socket);
                socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            }

            return sockets.Select(s => ((IPEndPoint)s.LocalEndPoint!).Port).ToList();
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }
        }
    }

    /// <summary>Whether something accepts TCP connections on 127.0.0.1:<paramref name="port"/>.</summary>
    public static async Task<bool> IsListeningAsync(int port)
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return false;
        }
    }
}
