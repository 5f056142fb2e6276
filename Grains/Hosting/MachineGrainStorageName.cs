namespace Maildriver.Grains.Hosting;

/// <summary>
/// The name of the grain storage provider the grains' Orleans state lives in (the machine's own database). The silo
/// registers the provider under it; the grains name it in their <c>[PersistentState]</c>.
/// </summary>
public static class MachineGrainStorageName
{
    /// <summary>The provider's name: <c>machine</c>.</summary>
    public const string Value = "machine";
}
