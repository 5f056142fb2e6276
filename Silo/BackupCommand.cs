using System.CommandLine;
using System.Globalization;
using Maildriver.Grains.Storage;

namespace Maildriver.Silo;

/// <summary>
/// <c>Maildriver.Silo backup --config C --machine M --out FILE</c>: a consistent snapshot of the machine's store,
/// read in one read transaction, so it works while the machine runs. The file appears whole or not at all.
/// </summary>
internal static class BackupCommand
{
    private const string Name = "backup";

    public static Command Create()
    {
        var machine = new MachineOptions();
        var output = new Option<FileInfo>("--out") { Description = "Where to write the backup (replaced if it exists)", Required = true };
        var command = new Command(Name, "Writes a consistent snapshot of one machine's store to a file; the machine may be running.");
        machine.AddTo(command);
        command.Options.Add(output);
        command.SetAction(async (parse, cancellation) =>
            await machine.LoadAsync(Name, parse) is { } target
                ? await RunAsync(target, parse.GetValue(output)!, cancellation)
                : SiloExitCodes.Usage);
        return command;
    }

    private static async Task<int> RunAsync(MachineTarget target, FileInfo output, CancellationToken cancellation)
    {
        if (target.WhyNoStore() is { } missing)
        {
            return await FailAsync($"{missing}; nothing to back up");
        }

        if (Directory.Exists(output.FullName) || !Directory.Exists(output.DirectoryName))
        {
            return await FailAsync($"cannot write {output.FullName}: {(Directory.Exists(output.FullName) ? "it is a directory" : "its directory does not exist")}");
        }

        // Beside the target, so the final rename stays on one file system and is atomic.
        var temporary = string.Create(CultureInfo.InvariantCulture, $"{output.FullName}.{Environment.ProcessId}.partial");
        try
        {
            MailSnapshotInfo info;
            await using (var database = target.OpenDatabase())
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                info = await new MailStore(database).ExportSnapshotAsync(file, target.Name, cancellation);

                // On disk before it takes the real name: a crash must not leave a backup that is only in the page cache.
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, output.FullName, overwrite: true);
            await Console.Out.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"{target.Name}: backup written to {output.FullName} ({new FileInfo(output.FullName).Length / 1024.0:0.#} KiB): {SnapshotSummary.Counts(info)}"));
            return SiloExitCodes.Ok;
        }
        catch (Exception ex)
        {
            File.Delete(temporary);
            return await FailAsync(ex is OperationCanceledException ? "interrupted; no backup was written" : $"{target.Name}'s store could not be read: {ex.Message}");
        }
    }

    private static Task<int> FailAsync(string message) => SiloStderr.ExitAsync(Name, message, SiloExitCodes.Failed);
}
