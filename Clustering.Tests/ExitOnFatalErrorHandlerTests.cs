using Maildriver.Clustering.Hosting;
using Maildriver.Clustering.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Maildriver.Clustering.Tests;

/// <summary><see cref="ExitOnFatalErrorHandler"/> as a silo resolves it: it logs, then exits with 70.</summary>
public sealed class ExitOnFatalErrorHandlerTests
{
    [Fact]
    public void A_fatal_error_is_logged_as_critical_and_exits_with_70()
    {
        var exits = new List<int>();
        var logs = new CapturingLoggerProvider();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().AddProvider(logs);
        builder.Services.AddSingleton<ProcessExit>(exits.Add);
        builder.UseOrleans(silo => silo.UseLocalhostClustering().AddExitOnFatalError());
        using var host = builder.Build();

        var handler = host.Services.GetRequiredService<IFatalErrorHandler>();
        Assert.IsType<ExitOnFatalErrorHandler>(handler);
        Assert.True(handler.IsUnexpected(new InvalidOperationException()));
        handler.OnFatalException(sender: "MembershipAgent", context: "declared dead", exception: new InvalidOperationException("boom"));

        Assert.Equal([70], exits);
        var entry = Assert.Single(logs.Entries, e => e.Category == typeof(ExitOnFatalErrorHandler).FullName);
        Assert.Equal(LogLevel.Critical, entry.Level);
        Assert.Contains("MembershipAgent", entry.Message);
        Assert.Contains("declared dead", entry.Message);
        Assert.Equal("boom", entry.Exception?.Message);
    }

    [Fact]
    public void Without_a_registered_exit_the_process_exit_is_Environment_Exit()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleans(silo => silo.UseLocalhostClustering().AddExitOnFatalError());
        using var host = builder.Build();

        var exit = host.Services.GetRequiredService<ProcessExit>();
        Assert.Equal(typeof(Environment), exit.Method.DeclaringType);
        Assert.Equal(nameof(Environment.Exit), exit.Method.Name);
    }
}
