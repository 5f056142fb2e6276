namespace Maildriver.Tests.Support;

/// <summary>Makes a trial certificate set with the shipped <c>deploy/tls/make-self-signed.sh</c> (needs openssl).</summary>
public static class SelfSignedTls
{
    /// <summary>
    /// Writes <c>ca.crt</c> and, per machine, <c>MACHINE.crt</c> and <c>MACHINE.key</c> for host 127.0.0.1 into
    /// <paramref name="folder"/>, and returns the CA certificate's path.
    /// </summary>
    public static async Task<string> MakeAsync(string folder, IEnumerable<string> machines)
    {
        var script = Path.Combine(RepositoryRoot.Path, "deploy", "tls", "make-self-signed.sh");
        var result = await ProcessRunner.RunAsync("bash", [script, "--out", folder, .. machines.Select(m => $"{m}=127.0.0.1")]);
        Assert.True(result.ExitCode == 0, $"deploy/tls/make-self-signed.sh failed (is openssl installed? .ci/run installs it):\n{result}");
        return Path.Combine(folder, "ca.crt");
    }
}
