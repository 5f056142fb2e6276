using System.Net;

namespace Maildriver.Clustering.Tests.Support;

/// <summary>Membership entries for tests: each with a silo address of its own.</summary>
public static class TestEntries
{
    private static int s_generation = Environment.TickCount & 0xFFFFF;

    /// <summary>A new silo on 127.0.0.1:<paramref name="port"/>, Joining, started and alive now.</summary>
    public static MembershipEntry New(int port = 12345, SiloStatus status = SiloStatus.Joining, string siloName = "MD1")
    {
        var now = Now();
        var silo = NewSilo(port);
        return new MembershipEntry
        {
            SiloAddress = silo,
            SiloName = siloName,
            HostName = Dns.GetHostName(),
            Status = status,
            ProxyPort = port + 1,
            StartTime = now,
            IAmAliveTime = now,
        };
    }

    /// <summary>A silo address with a generation no other test uses.</summary>
    public static SiloAddress NewSilo(int port = 12345)
        => SiloAddress.New(IPAddress.Loopback, port, Interlocked.Increment(ref s_generation));

    /// <summary>UTC now to the millisecond, which every store keeps exactly (PostgreSQL keeps microseconds).</summary>
    public static DateTime Now()
    {
        var now = DateTime.UtcNow;
        return new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
    }
}
