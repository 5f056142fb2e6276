using System.Net;
using System.Net.Sockets;

namespace Maildriver.Benchmarks.Processes;

/// <summary>TCP ports on 127.0.0.1 that nothing listens on, as the operating system hands them out.</summary>
public static class FreePorts
{
    /// <summary>
    /// <paramref name="count"/> different free ports. Every probe socket stays bound until all are chosen, so the
    /// system cannot give the same port twice; a neighbour's process can still take one before our child binds it,
    /// and the child then fails to start with a message that says so.
    /// </summary>
    public static int[] Take(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var probes = new Socket[count];
        try
        {
            for (var i = 0; i < count; i++)
            {
                probes[i] = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                probes[i].Bind(new IPEndPoint(IPAddress.Loopback, 0));
            }

            return [.. probes.Select(p => ((IPEndPoint)p.LocalEndPoint!).Port)];
        }
        finally
        {
            foreach (var probe in probes)
            {
                probe?.Dispose();
            }
        }
    }

    /// <summary>One free port.</summary>
    public static int One() => Take(1)[0];
}
