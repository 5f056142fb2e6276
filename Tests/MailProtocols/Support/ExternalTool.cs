using Xunit.Sdk;

namespace Maildriver.Tests.MailProtocols.Support;

/// <summary>Programs nobody here wrote that the mail protocol tests drive: found on PATH, or a failure saying how to get them.</summary>
public static class ExternalTool
{
    /// <summary>The path of <paramref name="program"/> (e.g. <c>curl</c>, <c>python3</c>) from Debian package <paramref name="package"/>.</summary>
    public static string Require(string program, string package)
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);
        return path ?? throw new XunitException(
            $"{program} is not on PATH: the POP3, SMTP and IMAP tests use it as a real mail client "
            + $"(.ci/run installs it with apt-get; locally: apt-get install {package}).");
    }
}
