using Maildriver.Grains.Configuration;

namespace Maildriver.Tests.Runtime.Transport;

/// <summary>Machine configurations on loopback with free ports.</summary>
internal static class TestSilos
{
    public const string Secret = "test-cluster-secret-0123456789";

    public static MachineConfig Machine(string name) => new()
    {
        Name = name,
        Host = "127.0.0.1",
        SiloPort = TestPorts.Free(),
        GatewayPort = TestPorts.Free(),
        DataDir = Path.Combine(Path.GetTempPath(), "maildriver-tests", name),
    };

    /// <summary>A guard so a broken test fails instead of hanging the run.</summary>
    public static CancellationTokenSource Guard(int seconds = 30) => new(TimeSpan.FromSeconds(seconds));
}
