using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Maildriver.Clustering.Hosting;

/// <summary>Registers <see cref="ExitOnFatalErrorHandler"/> on a silo.</summary>
public static class FatalErrorHostingExtensions
{
    /// <summary>
    /// Replaces Orleans's fatal error handler with <see cref="ExitOnFatalErrorHandler"/>, which exits through the
    /// registered <see cref="ProcessExit"/> (<see cref="Environment.Exit(int)"/> unless one is registered).
    /// </summary>
    public static ISiloBuilder AddExitOnFatalError(this ISiloBuilder builder)
    {
        builder.Services.Replace(ServiceDescriptor.Singleton<IFatalErrorHandler, ExitOnFatalErrorHandler>());
        builder.Services.TryAddSingleton<ProcessExit>(Environment.Exit);
        return builder;
    }
}
