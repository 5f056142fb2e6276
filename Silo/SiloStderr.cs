namespace Maildriver.Silo;

/// <summary>
/// How <c>Maildriver.Silo</c> and its commands say why they stop: one line on stderr, <c>Maildriver.Silo: …</c> or
/// <c>Maildriver.Silo backup: …</c>, which the deploy scripts and the tests read, and an exit code.
/// </summary>
internal static class SiloStderr
{
    /// <summary>Writes <paramref name="message"/> for <paramref name="command"/> (null: the machine itself) and gives <paramref name="exitCode"/>.</summary>
    public static async Task<int> ExitAsync(string? command, string message, int exitCode)
    {
        await Console.Error.WriteLineAsync(command is null ? $"Maildriver.Silo: {message}" : $"Maildriver.Silo {command}: {message}");
        return exitCode;
    }

    /// <summary>A configuration that cannot be used: the file and what is wrong with it (each failure naming its field); exit code 2.</summary>
    public static Task<int> BadConfigurationAsync(string? command, FileInfo configFile, string failure)
        => ExitAsync(command, $"bad configuration {configFile.FullName}: {failure}", SiloExitCodes.Usage);
}
