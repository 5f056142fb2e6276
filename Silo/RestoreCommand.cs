using System.CommandLine;
using Maildriver.Grains.Storage;
using Maildriver.Grains.Storage.Database;
using Maildriver.Grains.Storage.Database.Migrations;
using Maildriver.Silo.Hosting;
using Maildriver.Silo.MailPorts;
using Microsoft.Extensions.Logging.Abstractions;

namespace Maildriver.Silo;

/// <summary>
/// <c>Maildriver.Silo restore --config C --machine M --from FILE [--force] [--any-machine]</c>: replaces a stopped
/// machine's store with a backup and marks it for a rebuild, so that at its next start it reconciles with the other
/// machines. Every refusal leaves the store as it was.
/// </summary>
internal static class RestoreCommand
{
    private const string Name = "restore";

    public static Command Create()
    {
        var machine = new MachineOptions();
        var from = new Option<FileInfo>("--from") { Description = "The backup to restore (written by 'backup')", Required = true };
        var force = new Option<bool>("--force") { Description = "Replace a store that already holds mail" };
        var anyMachine = new Option<bool>("--any-machine")
        {
            Description = "Accept a backup taken on another machine (every machine holds the same mail)",
        };
        var command = new Command(Name, "Replaces a stopped machine's store with a backup; at its next start it reconciles with the other machines.");
        machine.AddTo(command);
        command.Options.Add(from);
        command.Options.Add(force);
        command.Options.Add(anyMachine);
        command.SetAction(async (parse, cancellation) =>
            await machine.LoadAsync(Name, parse) is { } target
                ? await RunAsync(target, parse.GetValue(from)!, parse.GetValue(force), parse.GetValue(anyMachine), cancellation)
                : SiloExitCodes.Usage);
        return command;
    }

    private static async Task<int> RunAsync(MachineTarget target, FileInfo backup, bool force, bool anyMachine, CancellationToken cancellation)
    {
        if (!backup.Exists)
        {
            return await FailAsync($"there is no backup file {backup.FullName}");
        }

        // The whole file is read and checked before anything else is touched.
        MailSnapshotInfo info;
        try
        {
            await using var file = backup.OpenRead();
            info = await MailStore.VerifySnapshotAsync(file, cancellation);
        }
        catch (InvalidDataException ex)
        {
            return await FailAsync($"{backup.FullName} is not a backup this build can restore: {ex.Message} Nothing was changed.");
        }

        if (info.Machine != target.Name && !anyMachine)
        {
            return await FailAsync(
                $"{backup.FullName} is {SnapshotSummary.Taken(info)}, not of {target.Name}; add --any-machine to restore it anyway. Nothing was changed.");
        }

        using var dataLock = DataDirectoryLock.TryAcquire(target.Machine.DataDir);
        if (dataLock is null)
        {
            return await FailAsync($"{target.Name} is running ({DataDirectoryLock.PathFor(target.Machine.DataDir)} is held): stop it first");
        }

        try
        {
            await using var database = target.OpenDatabase();
            return await RestoreAsync(target, database, backup, info, force, cancellation);
        }
        catch (Exception ex)
        {
            return await FailAsync(ex is OperationCanceledException ? "interrupted; nothing was changed" : $"{target.Name}'s store could not be restored: {ex.Message}");
        }
    }

    private static async Task<int> RestoreAsync(
        MachineTarget target, ISiloDatabase database, FileInfo backup, MailSnapshotInfo info, bool force, CancellationToken cancellation)
    {
        // As the silo would at its start: a brand-new or wiped store gets its schema, an old one is brought up to date.
        var runner = new MigrationRunner(database, TimeProvider.System, NullLogger<MigrationRunner>.Instance);
        await MailMigrations.ApplyAsync(runner, database.Provider, cancellation, MailPortsConfig.DomainOf(target.Cluster));

        var store = new MailStore(database);
        var stats = await store.GetStatsAsync(cancellation);
        if (!force && stats.Users + stats.Letters + stats.InboxEntries + stats.Protoletters > 0)
        {
            return await FailAsync(
                $"{target.Name}'s store is not empty ({stats.Users} users, {stats.Letters} letters): restoring would replace it; add --force to do so. Nothing was changed.");
        }

        // The flag goes up first: a crash between the two writes then leaves a machine that rebuilds needlessly,
        // never one that serves an old backup as if it were current. A failed import puts the flag back.
        var wasPending = await store.Flags.GetRebuildPendingAsync(cancellation);
        await store.Flags.SetRebuildPendingAsync(true, cancellation);
        try
        {
            await using var file = backup.OpenRead();
            await store.ImportSnapshotAsync(file, cancellation, MailPortsConfig.DomainOf(target.Cluster));
        }
        catch
        {
            await store.Flags.SetRebuildPendingAsync(wasPending, CancellationToken.None);
            throw;
        }

        await Console.Out.WriteLineAsync(
            $"{target.Name}: restored from {backup.FullName} ({SnapshotSummary.Taken(info)}): {SnapshotSummary.Counts(info)}; "
            + "at its next start it reconciles with the other machines");
        return SiloExitCodes.Ok;
    }

    private static Task<int> FailAsync(string message) => SiloStderr.ExitAsync(Name, message, SiloExitCodes.Failed);
}
