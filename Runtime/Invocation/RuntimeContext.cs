namespace Maildriver.Runtime.Invocation;

/// <summary>
/// The call chain of the code now running: the grains waiting upstream plus the current one. It flows with the
/// execution context, so a call made from grain code carries it and a cycle through non-reentrant grains is
/// seen at the first grain that would wait on itself.
/// </summary>
internal static class RuntimeContext
{
    private static readonly AsyncLocal<string[]?> CurrentChain = new();

    public static string[] Chain => CurrentChain.Value ?? [];

    public static void Enter(string[] upstream, GrainId self)
    {
        var chain = new string[upstream.Length + 1];
        upstream.CopyTo(chain, 0);
        chain[^1] = self.ToString();
        CurrentChain.Value = chain;
    }
}
