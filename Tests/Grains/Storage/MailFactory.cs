using Maildriver.Grains.Protocol;

namespace Maildriver.Tests.Grains.Storage;

/// <summary>Letters, users and orders for the storage tests.</summary>
internal static class MailFactory
{
    public static readonly DateTimeOffset Start = new(2024, 5, 6, 7, 8, 9, TimeSpan.Zero);

    private static long _next;

    /// <summary>A letter from <c>MD1</c> with a fresh id unless one is given; each one is sent a second after the previous.</summary>
    public static Letter Letter(IReadOnlyList<string> to, string body = "Hello there.", string from = "alice", string? id = null, DateTimeOffset? sentAt = null)
    {
        var n = Interlocked.Increment(ref _next);
        id ??= $"MD1.{1_700_000_000_000_000 + n}";
        // Numbered as the Master would: each letter above every earlier one for each of its recipients.
        var header = new LetterHeader(
            id, from, to, $"Subject {n}", sentAt ?? Start.AddSeconds(n), $"{from}/{id}", System.Text.Encoding.UTF8.GetByteCount(body), [.. to.Select(_ => n)]);
        return new Letter(header, System.Text.Encoding.UTF8.GetBytes(body));
    }

    /// <summary>The letter as the Master orders it: with each recipient's UID, in the order of its recipients.</summary>
    public static Letter WithUids(this Letter letter, params long[] uids) => letter with { Header = letter.Header with { Uids = uids } };

    /// <summary>A stored message as text: the store keeps bytes and does not care whether they are MIME, so these tests store plain text.</summary>
    public static string? Text(this InboxEntry entry) => entry.Message is null ? null : System.Text.Encoding.UTF8.GetString(entry.Message);

    /// <summary>A letter's message as text (see <see cref="Text(InboxEntry)"/>).</summary>
    public static string Text(this Letter letter) => System.Text.Encoding.UTF8.GetString(letter.Message);

    public static MailUser User(string name, bool isAdmin = false) => new(name, $"pbkdf2${name}", isAdmin);

    public static IReadOnlyList<string> Names(string prefix, int count) => Enumerable.Range(0, count).Select(i => $"{prefix}{i:D5}").ToList();

    public static Order Deliver(Letter letter) => new(letter.Header.Id, OrderKind.Deliver, letter.Header.Id, letter);

    public static Order MarkValid(Letter letter) => new(letter.Header.Id, OrderKind.MarkValid, letter.Header.Id, Uids: letter.Header.Uids);

    /// <summary>A MarkValid for a letter the test never made (no recipients, so no UIDs).</summary>
    public static Order MarkValid(string letterId) => new(letterId, OrderKind.MarkValid, letterId, Uids: []);

    public static Order Delete(string letterId, string user) => new($"del/{letterId}/{user}", OrderKind.Delete, letterId, User: user);

    public static Order MarkRead(string letterId, string user) => new($"read/{letterId}/{user}", OrderKind.MarkRead, letterId, User: user);

    /// <summary>A SetFlags order: sets (<paramref name="on"/>) or clears IMAP's flags, \Seen included, for one recipient.</summary>
    public static Order Flags(Letter letter, LetterFlags flags, bool on, string opId, string user = "bob")
        => new(opId, OrderKind.SetFlags, letter.Header.Id, User: user, Flags: flags, FlagsOn: on);

    public static Order AddUser(MailUser user) => new($"user/{user.Name}", OrderKind.AddUser, UserRecord: user);

    public static Order DeleteUser(string user) => new($"deluser/{user}", OrderKind.DeleteUser, User: user);

    public static Order AddList(string name, params string[] members) => new($"list/{name}", OrderKind.AddList, List: new MailingList(name, members));

    public static Order DeleteList(string name) => new($"dellist/{name}", OrderKind.DeleteList, List: new MailingList(name, []));

    /// <summary>AddUser orders for every name.</summary>
    public static IReadOnlyList<Order> AddUsers(IEnumerable<string> names) => names.Select(n => AddUser(User(n))).ToList();
}
