using System.Net;
using System.Net.Sockets;

namespace Maildriver.TestSupport;

/// <summary>
/// Loopback TCP ports nothing listens on, chosen below the operating system's ephemeral range: the one rule for every
/// port the tests and the benchmark give the processes they start.
/// </summary>
public static class LoopbackPorts
{
    // Below Linux's ephemeral range (32768-60999), from which the OS takes the local port of every outgoing connection:
    // a port from that range, free while the silo that owns it is killed, can be taken by any process's next
    // connection, and the restarted silo could not bind it (a torture run stopped so). None of the fixed ports of
    // deploy/local/cluster.json (8081-8083, 11011-11013, 11111-11113, 25871-25873, 30001-30003) is in this range.
    private const int FirstPort = 15000;
    private const int PortCount = 10000;

    /// <summary>
    /// <paramref name="count"/> distinct free ports. All listeners stay open until every port is chosen, so no port is
    /// chosen twice; another process may still take one before our child binds it, which the caller recovers from by
    /// choosing again (Tests' SiloProcessCluster does) or reports (the benchmark's child fails to start saying so).
    /// </summary>
    public static IReadOnlyList<int> Reserve(int count)
    {
        var sockets = new List<Socket>();
        try
        {
            // From a random place, so that test processes running side by side do not all try the same ports first.
            var offset = Random.Shared.Next(PortCount);
            for (var tried = 0; sockets.Count < count; tried++)
            {
                if (tried == PortCount)
                {
                    throw new InvalidOperationException($"fewer than {count} free loopback ports in {FirstPort}-{FirstPort + PortCount - 1}");
                }

                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Loopback, FirstPort + ((offset + tried) % PortCount)));
                    sockets.Add(socket);
                }
                catch (SocketException)
                {
                    socket.Dispose(); // taken: try the next
                }
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

    /// <summary>One free port.</summary>
    public static int One() => Reserve(1)[0];

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
