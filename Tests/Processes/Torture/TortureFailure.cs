namespace Maildriver.Tests.Processes.Torture;

/// <summary>
/// Something the torture run found wrong with the cluster (as opposed to the test's own plumbing). The test turns
/// it into an assertion failure carrying the seed, the status and the silo logs.
/// </summary>
public sealed class TortureFailure(string message) : Exception(message);
