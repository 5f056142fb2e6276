using Maildriver.Grains.Hosting;
using Maildriver.Tests.Grains.Storage.Database;

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
        using var directory = new TestDataDirectory();
        var dataDir = Path.Combine(directory.Path, "data", "MD2");

        var first = DataDirectoryLock.TryAcquire(dataDir);
        Assert.NotNull(first);
        Assert.Equal(Path.Combine(dataDir, "silo.lock"), first.FilePath);
        Assert.Null(DataDirectoryLock.TryAcquire(dataDir));

        first.Dispose();
        using var second = DataDirectoryLock.TryAcquire(dataDir);
        Assert.NotNull(second);
    }
}
