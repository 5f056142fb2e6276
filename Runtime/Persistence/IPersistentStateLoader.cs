namespace Maildriver.Runtime.Persistence;

/// <summary>Lets the runtime load a persistent state whose type argument it only knows at run time.</summary>
internal interface IPersistentStateLoader
{
    /// <summary>Reads the stored state.</summary>
    Task ReadStateAsync(CancellationToken cancellationToken);
}
