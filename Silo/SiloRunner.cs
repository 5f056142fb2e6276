using Maildriver.Clustering.Configuration;
using Maildriver.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Maildriver.Silo;

/// <summary>Runs one machine until it is told to stop (SIGINT/SIGTERM: an orderly stop) or fails.</summary>
internal static partial class SiloRunner
{
    public static async Task<int> RunAsync(FileInfo configFile, string machineName, CancellationToken cancellation)
    {
        ClusterConfig cluster;
        MachineSettings settings;
        try
        {
            cluster = ClusterConfigLoader.Load(configFile.FullName);
            // The certificate is read now, not when the gateway opens: a missing or mismatched file is a bad
            // configuration, refused before any data directory is touched.
            if (cluster.GetMachine(machineName).Tls is { } tls)
            {
                tls.LoadCertificate().Dispose();
                tls.LoadAuthority();
            }

            // Every option the machine takes from cluster.json, read and checked before anything starts.
            settings = new MachineSettings(cluster, machineName);
        }
        catch (ClusterConfigException ex)
        {
            await Console.Error.WriteLineAsync($"Maildriver.Silo: bad configuration {configFile.FullName}: {ex.Message}");
            return 2;
        }

        // Checked before the data directory is locked (which creates it): a start that cannot succeed writes nothing.
        if (await MembershipPreflight.CheckAsync(cluster.Membership, cancellation) is { } unreachable)
        {
            await Console.Error.WriteLineAsync($"Maildriver.Silo: {machineName}: {unreachable}");
            return 1;
        }

        using var loggerFactory = LoggerFactory.Create(b => b
            .SetMinimumLevel(Enum.TryParse<LogLevel>(Environment.GetEnvironmentVariable("MAILDRIVER_LOG_LEVEL"), true, out var level) ? level : LogLevel.Information)
            // Kestrel's per-request lines would be two log lines per client call.
            .AddFilter("Microsoft.AspNetCore", LogLevel.Warning)
            // Orleans's start-up, connection and placement (Polly) lines: hundreds per start, none of them news.
            .AddFilter("Orleans", LogLevel.Warning)
            .AddFilter("Polly", LogLevel.Warning)
            // A call to a dead machine's grain fails placement (MachineUnavailableException), which Orleans logs as an
            // error each time; the protocol makes such calls on purpose (pulses to dead machines) and copes with them.
            .AddFilter("Orleans.Messaging", LogLevel.Critical)
            .AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning)
            .AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
                o.UseUtcTimestamp = true;
            }));
        var logger = loggerFactory.CreateLogger("Maildriver.Silo");

        // Section 12: a process that finds itself in a state it cannot explain crashes the machine, after writing
        // down why; the other machines already know how to cope with a dead one.
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            LogCrash(logger, machineName, e.ExceptionObject as Exception);
            loggerFactory.Dispose();
            Environment.Exit(70);
        };

        // Held for the process's life, taken before anything is opened: two processes of one machine would each
        // believe its store is theirs. The kernel releases it when the process dies, however it dies.
        using var dataLock = DataDirectoryLock.TryAcquire(settings.MachineConfig.DataDir);
        if (dataLock is null)
        {
            await Console.Error.WriteLineAsync(
                $"Maildriver.Silo: {machineName}: another process uses its data directory ({DataDirectoryLock.PathFor(settings.MachineConfig.DataDir)} is held)");
            return 1;
        }

        // No host defaults (appsettings.json, environment and command-line configuration, logging providers): the
        // machine is configured by cluster.json alone, and the defaults put a recursive file-system watcher on the
        // content root, the working directory, where a machine's data directory often is (deploy/local, the benchmark,
        // the tests). Every SQLite write then woke that watcher in every silo of the host: about 6 % of the silos'
        // CPU samples at 64 senders in the benchmark's profile, reading events nobody wanted.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.UseOrleans(silo => silo.UseMachine(settings));
        using var host = builder.Build();

        // Loggers the silo's services register hear what the machine logs, as they would in a host that made its own
        // logger factory: the Orleans Dashboard's live log stream (/orleans/#/trace) is one, and without this it
        // streamed nothing. The host's container owns them; the process's factory only borrows them.
        foreach (var provider in host.Services.GetServices<ILoggerProvider>())
        {
            loggerFactory.AddProvider(new BorrowedLoggerProvider(provider));
        }

        try
        {
            await host.StartAsync(cancellation);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // SIGINT or SIGTERM while starting: the gateway may already serve while the last services (the dashboard's
            // web server, the mail ports) start. Stopping then is as orderly as at any other time.
            await host.StopAsync();
            return 0;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogStartFailed(logger, machineName, ex);
            return 1;
        }

        LogRunning(logger, machineName, settings.Options.InitialMaster);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellation);
        }
        catch (OperationCanceledException)
        {
            // SIGINT or SIGTERM: stop in an orderly way.
        }

        await host.StopAsync();
        return 0;
    }

    // A provider the process's logger factory uses but does not dispose: its owner (the host's container) does.
    private sealed class BorrowedLoggerProvider(ILoggerProvider provider) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => provider.CreateLogger(categoryName);

        public void Dispose()
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Machine} is crashing on purpose after an unexpected failure")]
    private static partial void LogCrash(ILogger logger, string machine, Exception? error);

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Machine} could not start")]
    private static partial void LogStartFailed(ILogger logger, string machine, Exception error);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Machine} is running (initial Master {Master}); Ctrl-C stops it")]
    private static partial void LogRunning(ILogger logger, string machine, string master);
}
