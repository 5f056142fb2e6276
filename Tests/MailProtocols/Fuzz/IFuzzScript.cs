namespace Maildriver.Tests.MailProtocols.Fuzz;

/// <summary>Produces what a fuzzing client sends next: one or more lines, as Latin-1 text (one char per byte).</summary>
public interface IFuzzScript
{
    /// <summary>The next chunk of text to send.</summary>
    string Next(Random random);
}
