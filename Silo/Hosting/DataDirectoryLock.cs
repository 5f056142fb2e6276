using System.Globalization;

namespace Maildriver.Silo.Hosting;

/// <summary>
/// One process's exclusive claim on a machine's data directory: <c>&lt;dataDir&gt;/silo.lock</c>, opened with
/// <see cref="FileShare.None"/> and held open. On Linux and macOS .NET takes an <c>flock</c> on it, which the
/// kernel drops when the process ends however it ends, so a killed silo never leaves a stale lock. A running silo
/// holds it; tools that replace the store (<c>Maildriver.Silo restore</c>) take it too, so they cannot run under a
/// live machine. The data directory exists for both storage providers, so the lock works for both.
/// </summary>
public sealed class DataDirectoryLock : IDisposable
{
    /// <summary>The lock file's name inside the data directory.</summary>
    public const string FileName = "silo.lock";

    // What the platforms report for "another open file holds the lock": EWOULDBLOCK on Linux (11) and macOS (35),
    // ERROR_SHARING_VIOLATION on Windows.
    private static readonly int[] HeldErrors = [11, 35, unchecked((int)0x80070020)];

    private readonly FileStream _file;

    private DataDirectoryLock(FileStream file, string filePath)
    {
        _file = file;
        FilePath = filePath;
    }

    /// <summary>The lock file's absolute path.</summary>
    public string FilePath { get; }

    /// <summary>The lock file's absolute path for <paramref name="dataDir"/>.</summary>
    public static string PathFor(string dataDir) => Path.Combine(Path.GetFullPath(dataDir), FileName);

    /// <summary>
    /// Takes the lock, creating the data directory and the file if needed. Returns null when another holder has it
    /// (another process, or another silo of this one).
    /// </summary>
    public static DataDirectoryLock? TryAcquire(string dataDir)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDir);
        Directory.CreateDirectory(dataDir);
        var path = PathFor(dataDir);
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (HeldErrors.Contains(e.HResult))
        {
            return null;
        }

        try
        {
            // For an operator who looks (cat silo.lock): which process holds it.
            file.SetLength(0);
            file.Write(System.Text.Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId}\n")));
            file.Flush();
            return new DataDirectoryLock(file, path);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Releases the lock (the file stays, empty of meaning).</summary>
    public void Dispose() => _file.Dispose();
}
