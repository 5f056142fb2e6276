using System.Collections.Concurrent;
using System.Diagnostics;

namespace Maildriver.TestSupport;

/// <summary>
/// Every process the tests start, so that they die with the test host if it is stopped (Ctrl-C, SIGTERM from a
/// runner's timeout) before a test's finally block can run. Tests still stop their own processes; this is only
/// the last line of defence against silos left listening on a developer's machine.
/// </summary>
public static class ChildProcesses
{
    private static readonly ConcurrentDictionary<int, Process> Live = new();

    static ChildProcesses()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var process in Live.Values)
            {
                KillTree(process);
            }
        };
    }

    public static void Track(Process process) => Live[process.Id] = process;

    public static void Forget(Process process) => Live.TryRemove(new KeyValuePair<int, Process>(process.Id, process));

    /// <summary>SIGKILL to the process and everything it started; a process that already exited is fine.</summary>
    public static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It has exited already (or was never started).
        }
    }
}
