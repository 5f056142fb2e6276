using System.Net;
using System.Net.Sockets;

namespace Maildriver.Tests.Support;

public sealed class LoopbackPortsTests
{
    [Fact]
    public void Reserved_ports_are_distinct_listenable_and_below_the_ephemeral_range()
    {
        var ports = LoopbackPorts.Reserve(40);

        Assert.Equal(40, ports.Distinct().Count());
        Assert.All(ports, p => Assert.InRange(p, 15000, 24999));
        var listeners = new List<TcpListener>();
        try
        {
            foreach (var port in ports)
            {
                var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                listeners.Add(listener);
            }
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }
}
