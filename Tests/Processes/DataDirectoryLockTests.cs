using Maildriver.Silo.Hosting;

namespace Maildriver.Tests.Processes;

/// <summary>
/// The data directory's lock: one holder at a time, released with its holder. (A second holder in the same process
/// is refused too, since the lock belongs to the open file; a running silo process holding it is in
/// <see cref="BackupRestoreCommandTests"/>.)
/// </summary>
public sealed class DataDirectoryLockTests
{
    [Fact]
    public void OneHolderAtATimeAndTheNextOnceItIsReleased()
    {
        var folder = Path.Combine(Path.GetTempPath(), "maildriver-lock-" + Guid.NewGuid().ToString("N")[..12]);
        var dataDir = Path.Combine(folder, "data", "MD2");
        try
        {
            HoldAndRelease(dataDir);
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static void HoldAndRelease(string dataDir)
    {
        var first = DataDirectoryLock.TryAcquire(dataDir);
        Assert.NotNull(first);
        Assert.Equal(Path.Combine(dataDir, "silo.lock"), first.FilePath);
        Assert.Null(DataDirectoryLock.TryAcquire(dataDir));

        first.Dispose();
        using var second = DataDirectoryLock.TryAcquire(dataDir);
        Assert.NotNull(second);
    }
}
