using System.Globalization;
using Xunit.Sdk;

namespace Maildriver.Tests.MailProtocols.Support;

/// <summary>
/// A scripted IMAP client over <see cref="RawClient"/>: tags its commands a1, a2, … and reads every line up to the
/// tagged completion, which must carry the status expected (RFC 3501 section 7.1).
/// </summary>
public sealed class ImapRawClient(RawClient raw) : IAsyncDisposable
{
    private int _tags;

    public RawClient Raw { get; } = raw;

    /// <summary>The tag the next command gets.</summary>
    public string NextTag => string.Create(CultureInfo.InvariantCulture, $"a{_tags + 1}");

    /// <summary>
    /// Sends <paramref name="command"/> with a fresh tag and reads up to its tagged completion, which must start
    /// with <paramref name="status"/> (<c>OK</c>, <c>NO</c>, <c>BAD</c>, or more of the line); returns the untagged
    /// lines and the completion.
    /// </summary>
    public async Task<(List<string> Untagged, string Completion)> CommandAsync(string command, string status)
    {
        var tag = NextTag;
        _tags++;
        await Raw.SendAsync($"{tag} {command}");
        return await CompletionAsync(tag, status);
    }

    /// <summary>Reads lines up to the one tagged <paramref name="tag"/>, which must start with <paramref name="status"/>.</summary>
    public async Task<(List<string> Untagged, string Completion)> CompletionAsync(string tag, string status)
    {
        var untagged = new List<string>();
        while (await Raw.ReadLineAsync() is { } line)
        {
            if (line.StartsWith(tag + " ", StringComparison.Ordinal))
            {
                return line.StartsWith($"{tag} {status}", StringComparison.Ordinal)
                    ? (untagged, line)
                    : throw new XunitException($"expected '{tag} {status}…', got '{line}'\n{Raw.Transcript}");
            }

            untagged.Add(line);
        }

        throw new XunitException($"the connection closed before '{tag} {status}'\n{Raw.Transcript}");
    }

    /// <summary>A command that must succeed; its untagged lines.</summary>
    public async Task<List<string>> OkAsync(string command) => (await CommandAsync(command, "OK")).Untagged;

    /// <summary>Marks the next tag used, for a command sent by hand (a literal, IDLE).</summary>
    public string TakeTag()
    {
        var tag = NextTag;
        _tags++;
        return tag;
    }

    public ValueTask DisposeAsync() => Raw.DisposeAsync();
}
