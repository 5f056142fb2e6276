using Maildriver.Clustering.Configuration;
using Maildriver.Grains.Hosting;
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

            // The file's shape (machines, endpoints, membership, storage) decides how the silo is built, so it is read
            // now; the options of the machine's services are bound from it and validated when the host starts.
            settings = new MachineSettings(cluster, machineName);
        }
        catch (ClusterConfigException ex)
        {
            return await SiloStderr.BadConfigurationAsync(null, configFile, ex.Message);
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
            // The host's "Hosting failed to start" would repeat, with a stack trace, what this runner says of a failed
            // start: a bad configuration or a refusal in one line on stderr, any other failure logged below.
            .AddFilter("Microsoft.Extensions.Hosting", LogLevel.Critical)
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

        // No host defaults (appsettings.json, environment and command-line configuration, logging providers): the
        // machine is configured by cluster.json alone, and the defaults put a recursive file-system watcher on the
        // content root, the working directory, where a machine's data directory often is (deploy/local, the benchmark,
        // the tests). Every SQLite write then woke that watcher in every silo of the host: about 6 % of the silos'
        // CPU samples at 64 senders in the benchmark's profile, reading events nobody wanted.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        // Once the options are validated and before any service starts: the membership store answers, and the data
        // directory is this process's (held for the process's life: two processes of one machine would each believe its
        // store is theirs; the kernel releases it when the process dies, however it dies).
        builder.Services.AddHostedService(_ => new MachineStartGate(cluster.Membership, settings.MachineConfig.DataDir));
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
            return SiloExitCodes.Ok;
        }
        catch (Exception ex) when (ConfigurationFailure.Describe(ex) is { } failure)
        {
            // ValidateOnStart: the host's first step, before the gate above and so before anything is written.
            return await SiloStderr.BadConfigurationAsync(null, configFile, failure);
        }
        catch (MachineStartRefusedException ex)
        {
            return await SiloStderr.ExitAsync(null, $"{machineName}: {ex.Message}", SiloExitCodes.Failed);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogStartFailed(logger, machineName, ex);
            return SiloExitCodes.Failed;
        }

        LogRunning(logger, machineName, host.Services.GetRequiredService<MaildriverOptions>().InitialMaster);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellation);
        }
        catch (OperationCanceledException)
        {
            // SIGINT or SIGTERM: stop in an orderly way.
        }

        await host.StopAsync();
        return SiloExitCodes.Ok;
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
