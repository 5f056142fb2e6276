namespace Maildriver.Tests.MailProtocols.Fuzz;

/// <summary>Produces what a fuzzing client sends next: one or more lines, as Latin-1 text (one char per byte).</summary>
public interface IFuzzScript
{
    /// <summary>The next chunk of text to send.</summary>
    string Next(Random random);

    /// <summary>
    /// What a client that ends properly sends last, after whatever the script left half-done; the server must
    /// answer and close. POP3's and SMTP's: the end of any message, then QUIT.
    /// </summary>
    string Goodbye => "\r\n.\r\nQUIT\r\n";
}
