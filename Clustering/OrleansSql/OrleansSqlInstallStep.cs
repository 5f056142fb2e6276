using System.Data.Common;
using Microsoft.Extensions.Logging;

namespace Maildriver.Clustering.OrleansSql;

/// <summary>
/// A silo's start installs Orleans's scripts for one component into one database, early: at
/// <see cref="ServiceLifecycleStage.RuntimeInitialize"/>, before the Orleans code that reads them starts (ADO.NET
/// grain storage reads its queries at <see cref="ServiceLifecycleStage.ApplicationServices"/>, the membership table
/// manager initialises its table at <see cref="ServiceLifecycleStage.RuntimeGrainServices"/>; both checked in the
/// 10.4.2 assemblies). A failure stops the silo's start.
/// </summary>
internal sealed partial class OrleansSqlInstallStep : ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>The stage the install runs at.</summary>
    public const int Stage = ServiceLifecycleStage.RuntimeInitialize;

    private readonly string _name;
    private readonly OrleansSqlComponent _component;
    private readonly Func<CancellationToken, Task<DbConnection>> _open;
    private readonly Func<DbConnection, CancellationToken, Task>? _check;
    private readonly ILogger _logger;

    /// <param name="name">What the database serves, for the log and the lifecycle (e.g. the storage's name).</param>
    /// <param name="component">The scripts to install.</param>
    /// <param name="open">Opens a connection to the database.</param>
    /// <param name="check">Run on the connection after the install: refuses a database that would not keep its writes.</param>
    /// <param name="logger">Where the scripts run are logged.</param>
    public OrleansSqlInstallStep(
        string name,
        OrleansSqlComponent component,
        Func<CancellationToken, Task<DbConnection>> open,
        Func<DbConnection, CancellationToken, Task>? check,
        ILogger<OrleansSqlInstallStep> logger)
    {
        _name = name;
        _component = component;
        _open = open;
        _check = check;
        _logger = logger;
    }

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle)
        => lifecycle.Subscribe($"{nameof(OrleansSqlInstallStep)}-{_component}-{_name}", Stage, InstallAsync);

    private async Task InstallAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _open(cancellationToken);
        var ran = await OrleansSqlScripts.InstallAsync(connection, _component, cancellationToken);
        if (ran.Count > 0)
        {
            LogInstalled(_component, _name, string.Join(", ", ran));
        }
        else
        {
            LogAlreadyInstalled(_component, _name);
        }

        if (_check is not null)
        {
            await _check(connection, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Orleans {Component} scripts installed for {Name}: {Scripts}")]
    private partial void LogInstalled(OrleansSqlComponent component, string name, string scripts);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Orleans {Component} scripts for {Name} were installed already")]
    private partial void LogAlreadyInstalled(OrleansSqlComponent component, string name);
}
