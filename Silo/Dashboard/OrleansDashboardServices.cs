using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;

namespace Maildriver.Silo.Dashboard;

/// <summary>
/// The Orleans Dashboard's services, as <c>AddDashboard()</c> registered them in the silo, handed on to the dashboard
/// port's web app. That app has a container of its own (it is built when the silo becomes active, on the machine's
/// own port), while <c>MapOrleansDashboard</c> and its endpoints resolve the dashboard's client, assets and log
/// stream from the app: the app gets the silo's instances, so there is one dashboard client and one log stream per
/// silo, talking to the silo's grains.
/// </summary>
internal sealed class OrleansDashboardServices
{
    private readonly IReadOnlyList<Type> _types;

    private OrleansDashboardServices(IReadOnlyList<Type> types) => _types = types;

    /// <summary>The service types the Orleans Dashboard's assembly registered in <paramref name="siloServices"/>.</summary>
    public static OrleansDashboardServices From(IServiceCollection siloServices)
        => new(siloServices
            .Where(d => !d.IsKeyedService && !d.ServiceType.ContainsGenericParameters && d.ServiceType.Assembly == typeof(DashboardOptions).Assembly)
            .Select(d => d.ServiceType)
            .Distinct()
            .ToList());

    /// <summary>Adds each of them to <paramref name="appServices"/>, resolved from <paramref name="silo"/>.</summary>
    public void AddTo(IServiceCollection appServices, IServiceProvider silo)
    {
        if (_types.Count == 0)
        {
            throw new InvalidOperationException("the Orleans Dashboard registered no services in the silo: call AddDashboard() before this");
        }

        foreach (var type in _types)
        {
            appServices.AddSingleton(type, _ => silo.GetRequiredService(type));
        }

        appServices.AddSingleton(silo.GetRequiredService<IOptions<DashboardOptions>>());
    }
}
