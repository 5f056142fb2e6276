namespace Maildriver.Clustering.Hosting;

/// <summary>
/// Ends the process with an exit code: <see cref="Environment.Exit(int)"/> in a silo, a recorder in tests (so a test
/// can see the exit without ending the test run).
/// </summary>
public delegate void ProcessExit(int exitCode);
