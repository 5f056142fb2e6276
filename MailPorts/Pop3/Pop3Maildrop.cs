using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Maildriver.Grains.Server;

namespace Maildriver.MailPorts.Pop3;

/// <summary>
/// The maildrop of one POP3 session: the user's letters as "receive mail" returned them at login, numbered 1..n
/// for the whole session, with the deletion marks DELE sets and RSET clears (RFC 1939 section 5).
/// </summary>
public sealed class Pop3Maildrop
{
    private const int MaxUidlLength = 70;
    private readonly IReadOnlyList<Pop3Message> _messages;
    private readonly bool[] _deleted;

    private Pop3Maildrop(IReadOnlyList<Pop3Message> messages)
    {
        _messages = messages;
        _deleted = new bool[messages.Count];
    }

    /// <summary>The messages not marked deleted.</summary>
    public int Count => _deleted.Count(d => !d);

    /// <summary>Their total size in octets.</summary>
    public long Size => Live.Sum(m => (long)m.Message.Size);

    /// <summary>The messages not marked deleted, with their numbers.</summary>
    public IEnumerable<(int Number, Pop3Message Message)> Live
        => _messages.Select((m, i) => (Number: i + 1, Message: m)).Where(x => !_deleted[x.Number - 1]);

    /// <summary>The letter ids marked deleted.</summary>
    public IReadOnlyList<string> DeletedIds => _messages.Where((_, i) => _deleted[i]).Select(m => m.LetterId).ToList();

    /// <summary>Builds the maildrop from the letters "receive mail" returned, oldest first, each with its message.</summary>
    public static Pop3Maildrop Of(IEnumerable<LetterView> letters)
        => new(letters.Select(l => new Pop3Message(
            l.Id, UidlOf(l.Id), l.Message ?? throw new InvalidOperationException($"Letter {l.Id} came without its message."), l.Read)).ToList());

    /// <summary>
    /// The message a command's argument names, or the reason it names none: not a number, out of range, or
    /// marked deleted (RFC 1939: such a message may not be referred to).
    /// </summary>
    public bool TryFind(string argument, out int number, out Pop3Message message, out string error)
    {
        message = null!;
        error = string.Empty;
        if (!int.TryParse(argument, NumberStyles.None, CultureInfo.InvariantCulture, out number))
        {
            error = "-ERR invalid message number";
            return false;
        }

        if (number < 1 || number > _messages.Count)
        {
            error = "-ERR no such message";
            return false;
        }

        if (_deleted[number - 1])
        {
            error = string.Create(CultureInfo.InvariantCulture, $"-ERR message {number} already deleted");
            return false;
        }

        message = _messages[number - 1];
        return true;
    }

    /// <summary>Marks message <paramref name="number"/> deleted (it goes at QUIT).</summary>
    public void Delete(int number) => _deleted[number - 1] = true;

    /// <summary>Unmarks every message.</summary>
    public void Reset() => Array.Clear(_deleted);

    // UIDL allows 1-70 characters from 0x21 to 0x7E. Letter ids are "<machine>.<microseconds>", which fits unless a
    // machine name is long or not ASCII; then a digest of the id stands in, as stable as the id itself.
    private static string UidlOf(string id)
        => id.Length is > 0 and <= MaxUidlLength && id.All(c => c is >= '!' and <= '~')
            ? id
            : "sha256-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..48];
}
