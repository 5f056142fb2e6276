using Maildriver.Grains.Hosting;
using Maildriver.Runtime.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Maildriver.Tests.Runtime.Grains;

/// <summary>Registers the runtime tests' grains on a silo.</summary>
public static class RuntimeTestSilo
{
    public static void Configure(SiloHostBuilder silo, LifecycleProbe? probe = null)
    {
        silo.Grains.Add<ICounterGrain, CounterGrain>();
        silo.Grains.Add<ITurnGrain, TurnGrain>();
        silo.Grains.Add<IGateGrain, GateGrain>();
        silo.Grains.Add<IPingGrain, PingGrain>();
        silo.Grains.Add<ITimerGrain, TimerGrain>();
        silo.Grains.Add<ILifecycleGrain, LifecycleGrain>();
        silo.Grains.Add<IEchoApi, EchoApiGrain>();
        silo.Grains.AddClientApi<IEchoApi>();
        silo.Services.AddSingleton(probe ?? new LifecycleProbe());
    }

    public static Task<TestCluster> StartAsync(int silos = 3, bool http = false, Action<SiloHostBuilder>? configure = null, TimeProvider? time = null, LifecycleProbe? probe = null)
        => TestCluster.StartAsync(new TestClusterOptions
        {
            SiloCount = silos,
            UseHttpTransport = http,
            TimeProvider = time ?? TimeProvider.System,
            ConfigureSilo = b =>
            {
                Configure(b, probe);
                configure?.Invoke(b);
            },
        });
}
