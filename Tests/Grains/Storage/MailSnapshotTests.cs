using System.Text;
using System.Text.Json.Nodes;
using Maildriver.Grains.Protocol;
using Maildriver.Grains.Storage;
using Maildriver.Tests.Grains.Storage.Database;
using static Maildriver.Tests.Grains.Storage.MailFactory;

namespace Maildriver.Tests.Grains.Storage;

/// <summary>
/// Snapshots of a whole replica, exported and imported on the provider <see cref="Support.TestStorage"/> names
/// (MAILDRIVER_TEST_STORAGE=postgres runs them on PostgreSQL).
/// </summary>
public sealed class MailSnapshotTests : IAsyncLifetime
{
    private static readonly DateTimeOffset TakenAt = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

    private static readonly Letter Shared = Letter(["bob", "carol", "dave"], body: "To all three, with ünïcödé and 😀.");
    private static readonly Letter ToCarol = Letter(["carol"], body: "Just you.");
    private static readonly Letter ToBob = Letter(["bob"], body: "Deleted before long.");
    private static readonly Letter Pending = Letter(["bob", "dave"], body: "Still on its way.");
    private static readonly Letter PendingToo = Letter(["carol"], body: "Also on its way.");
    private static readonly Letter Unacknowledged = Letter(["bob"], body: "The Master never had this one.");

    private ProviderMailStore _source = null!;
    private ProviderMailStore _target = null!;

    public async Task InitializeAsync()
    {
        _source = await ProviderMailStore.CreateAsync(new FixedTimeProvider(TakenAt));
        _target = await ProviderMailStore.CreateAsync(new FixedTimeProvider(TakenAt));
    }

    public async Task DisposeAsync()
    {
        await _source.DisposeAsync();
        await _target.DisposeAsync();
    }

    [Fact]
    public async Task A_round_trip_replaces_the_targets_mail_with_the_sources_and_leaves_out_what_is_not_the_clusters()
    {
        await FillSourceAsync(_source.Store);
        var (oldLetter, oldProtoletter) = await FillTargetAsync(_target.Store);
        var exported = await ExportAsync(_source.Store);

        var imported = await _target.Store.ImportSnapshotAsync(new MemoryStream(exported.Bytes));

        var expected = new MailSnapshotInfo("MD2", TakenAt, Users: 5, Lists: 1, Letters: 2, InboxEntries: 3, Tombstones: 2, Protoletters: 2);
        Assert.Equal(expected, exported.Info);
        Assert.Equal(expected, imported);

        // The same mail, row for row: the target's own snapshot is the source's, byte for byte.
        Assert.Equal(exported.Bytes, (await ExportAsync(_target.Store)).Bytes);
        Assert.Equal((await _source.Store.ComputeDigestAsync("MD2")).Digest, (await _target.Store.ComputeDigestAsync("MD2")).Digest);

        // The target's own mail is gone.
        Assert.Null(await _target.Store.Users.GetUserAsync("zed"));
        Assert.Null(await _target.Store.Letters.FindLetterAsync(oldLetter));
        Assert.Null(await _target.Store.Letters.FindLetterAsync(oldProtoletter));

        // What belongs to the machine rather than the mail stays as it was: its view, and its rank records, which
        // the running cluster's Master and Lieutenant grains own.
        Assert.Single(await _target.Store.MasterDirectory.GetAllAsync());
        Assert.Equal(["mine"], (await _target.Store.LieutenantDirectory.GetAllAsync()).Select(r => r.OpId));
        Assert.Equal(new ClusterView(5, "MD3", "MD1"), await _target.Store.GetClusterViewAsync());
        Assert.True(await _target.Store.Flags.GetRebuildPendingAsync());

        // The valid WorkSpace came over in its order, with its recipients; the bogus protoletter did not.
        Assert.Equal([Pending.Header.Id, PendingToo.Header.Id], (await _target.Store.WorkSpace.GetValidProtolettersAsync(10)).Select(p => p.Letter.Header.Id));
        Assert.Equal([(Pending.Header.Id, ProtoletterState.Valid)], await _target.Store.WorkSpace.FindProtolettersForUserAsync("dave"));
        Assert.Empty(await _target.Store.WorkSpace.GetProtoletterStatesAsync([Unacknowledged.Header.Id]));
        Assert.Equal(1, await _source.CountAsync("protoletters", "state = 'bogus'"));

        // Early reads and tombstones still do their work.
        Assert.Equal([Pending.Header.Id, PendingToo.Header.Id], await _target.Store.WorkSpace.DeliverAsync([Pending.Header.Id, PendingToo.Header.Id]));
        Assert.Equal([(Pending.Header.Id, false)], ReadFlags(await _target.Store.Inboxes.ListInboxAsync("bob", false), Pending));
        Assert.Equal([(Pending.Header.Id, true)], ReadFlags(await _target.Store.Inboxes.ListInboxAsync("dave", false), Pending));
        await _target.Store.Orders.ApplyAsync([Deliver(ToBob)]);
        await _target.Store.WorkSpace.DeliverAsync([ToBob.Header.Id]);
        Assert.DoesNotContain(ToBob.Header.Id, (await _target.Store.Inboxes.ListInboxAsync("bob", false)).Select(e => e.Header.Id));
    }

    [Fact]
    public async Task An_empty_store_round_trips_as_an_empty_store()
    {
        await FillTargetAsync(_target.Store);

        var exported = await ExportAsync(_source.Store);
        var imported = await _target.Store.ImportSnapshotAsync(new MemoryStream(exported.Bytes));

        Assert.Equal(new MailSnapshotInfo("MD2", TakenAt, 0, 0, 0, 0, 0, 0), imported);
        Assert.Equal(new MailStoreStats(0, 0, 0, 0, 0), await _target.Store.GetStatsAsync());
        Assert.Equal(0, await _target.CountAsync("tombstones"));
    }

    [Fact]
    public async Task The_file_is_a_header_one_json_line_per_row_and_an_end_line_with_the_counts()
    {
        await FillSourceAsync(_source.Store);

        var lines = SnapshotFiles.Lines((await ExportAsync(_source.Store)).Bytes).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();

        var header = lines[0];
        var schema = MailMigrations.Load(_source.Database.Provider)[^1].Version;
        Assert.Equal(("maildriver-snapshot", 3, "MD2", schema), ((string)header["format"]!, (int)header["version"]!, (string)header["machine"]!, (int)header["mailSchema"]!));
        Assert.Equal(TakenAt, DateTimeOffset.Parse((string)header["createdAt"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(
            ["user", "user", "user", "user", "user", "list", "letter", "letter", "inbox", "inbox", "inbox", "tombstone", "tombstone", "earlyRead", "protoletter", "protoletter", "end"],
            lines.Skip(1).Select(l => (string)l["t"]!));
        var end = lines[^1];
        Assert.Equal((5, 1, 2, 3, 2, 1, 2), ((int)end["users"]!, (int)end["lists"]!, (int)end["letters"]!, (int)end["inbox"]!, (int)end["tombstones"]!, (int)end["earlyReads"]!, (int)end["protoletters"]!));
        var alice = lines.Single(l => (string)l["t"]! == "user" && (string)l["name"]! == "alice");
        Assert.Equal(("pbkdf2$alice", true), ((string)alice["passwordHash"]!, (bool)alice["isAdmin"]!));
        var pending = lines.Single(l => (string)l["t"]! == "protoletter" && (string)l["id"]! == Pending.Header.Id);
        Assert.Equal(["bob", "dave"], pending["recipients"]!.AsArray().Select(r => (string)r!));
        Assert.Equal(Pending.Message, Convert.FromBase64String((string)pending["message"]!));
    }

    public static TheoryData<string, string> DamagedFiles() => new()
    {
        { "cut in half", "damaged at line|truncated" },
        { "without its end line", "truncated" },
        { "empty", "empty" },
        { "random bytes", "not a gzip-compressed Maildriver snapshot" },
        { "uncompressed", "not a gzip-compressed Maildriver snapshot" },
        { "another format", "Not a Maildriver snapshot" },
        { "a newer format version", "newer Maildriver" },
        { "a newer mail schema", "newer mail schema" },
        { "a header missing its machine", "line 1" },
        { "a row missing a field", "line 8" },
        { "a row of an unknown kind", "line 8" },
        { "a row with an empty key", "empty key" },
        { "a sent time that is not one", "sent time" },
        { "invalid UTF-8 in a body", "not UTF-8" },
        { "counts that disagree", "end record counts" },
        { "a row after the end line", "after the end record" },
        { "the same user twice", "contradicts itself" },
    };

    [Theory]
    [MemberData(nameof(DamagedFiles))]
    public async Task A_damaged_file_is_refused_and_changes_nothing(string damage, string messagePattern)
    {
        await FillSourceAsync(_source.Store);
        await FillTargetAsync(_target.Store);
        var before = await ExportAsync(_target.Store);
        var damaged = Damage(damage, (await ExportAsync(_source.Store)).Bytes);

        var refusal = await Assert.ThrowsAsync<InvalidDataException>(() => _target.Store.ImportSnapshotAsync(new MemoryStream(damaged)));

        Assert.Matches(messagePattern, refusal.Message);
        if (damage != "the same user twice")
        {
            // Only the tables' keys see a duplicate; every other damage shows without a store.
            var verification = await Assert.ThrowsAsync<InvalidDataException>(() => MailStore.VerifySnapshotAsync(new MemoryStream(damaged)));
            Assert.Equal(refusal.Message, verification.Message);
        }

        Assert.Equal(before.Bytes, (await ExportAsync(_target.Store)).Bytes);
        Assert.Equal(1, await _target.CountAsync("master_letters"));
        Assert.Equal(1, await _target.CountAsync("protoletters", "state = 'bogus'"));
    }

    [Fact]
    public async Task Verify_reads_a_good_file_through_and_reports_its_counts()
    {
        await FillSourceAsync(_source.Store);
        var exported = await ExportAsync(_source.Store);

        Assert.Equal(exported.Info, await MailStore.VerifySnapshotAsync(new MemoryStream(exported.Bytes)));
    }

    [Fact]
    public async Task The_rebuild_flag_starts_false_round_trips_and_survives_a_reopen()
    {
        Assert.False(await _target.Store.Flags.GetRebuildPendingAsync());

        await _target.Store.Flags.SetRebuildPendingAsync(true);
        Assert.True(await _target.Store.Flags.GetRebuildPendingAsync());
        await _target.ReopenAsync();
        Assert.True(await _target.Store.Flags.GetRebuildPendingAsync());

        await _target.Store.Flags.SetRebuildPendingAsync(false);
        await _target.ReopenAsync();
        Assert.False(await _target.Store.Flags.GetRebuildPendingAsync());
        Assert.Equal(1, await _target.CountAsync("store_flags"));
    }

    private static IEnumerable<(string, bool)> ReadFlags(IReadOnlyList<InboxEntry> inbox, Letter letter)
        => inbox.Where(e => e.Header.Id == letter.Header.Id).Select(e => (e.Header.Id, e.Read));

    private static async Task<(byte[] Bytes, MailSnapshotInfo Info)> ExportAsync(MailStore store)
    {
        var file = new MemoryStream();
        var info = await store.ExportSnapshotAsync(file, "MD2");
        return (file.ToArray(), info);
    }

    // Five users, a list, two delivered letters (one read by one recipient), two tombstones, an early read, two
    // valid protoletters, one bogus, and rank records and a cluster view that are this machine's own.
    private static async Task FillSourceAsync(MailStore store)
    {
        await store.Orders.ApplyAsync([.. AddUsers(["bob", "carol", "dave", "émile"]), AddUser(User("alice", isAdmin: true)), AddList("staff", "carol", "bob")]);
        await store.Orders.ApplyAsync([Deliver(Shared), Deliver(ToCarol), Deliver(ToBob)]);
        await store.WorkSpace.DeliverAsync([Shared.Header.Id, ToCarol.Header.Id, ToBob.Header.Id]);
        await store.Orders.ApplyAsync([MarkRead(Shared.Header.Id, "carol"), Delete(ToBob.Header.Id, "bob"), Delete(Shared.Header.Id, "dave")]);
        await store.Orders.ApplyAsync([Deliver(Pending), Deliver(PendingToo), MarkRead(Pending.Header.Id, "dave")]);
        await store.WorkSpace.InsertBogusAsync(Unacknowledged);
        await store.SetClusterViewAsync(new ClusterView(7, "MD1", "MD2"));
        await store.MasterDirectory.SaveAsync([Letter(["bob"])]);
        await store.LieutenantDirectory.SaveAsync([new LieutenantRecord("op", 1, "k", "{}")]);
    }

    // Mail of its own (a user, a letter, a valid and a bogus protoletter, a tombstone), rank records, a cluster
    // view and the rebuild flag. Returns the ids of its letter and its valid protoletter.
    private static async Task<(string Letter, string Protoletter)> FillTargetAsync(MailStore store)
    {
        var letter = Letter(["zed"]);
        var protoletter = Letter(["zed"]);
        await store.Orders.ApplyAsync([.. AddUsers(["zed", "yves"]), Deliver(letter), Deliver(protoletter), Delete("MD3.1", "yves")]);
        await store.WorkSpace.DeliverAsync([letter.Header.Id]);
        await store.WorkSpace.InsertBogusAsync(Letter(["zed"]));
        await store.SetClusterViewAsync(new ClusterView(5, "MD3", "MD1"));
        await store.MasterDirectory.SaveAsync([Letter(["zed"])]);
        await store.LieutenantDirectory.SaveAsync([new LieutenantRecord("mine", 1, "k", "{}")]);
        await store.Flags.SetRebuildPendingAsync(true);
        return (letter.Header.Id, protoletter.Header.Id);
    }

    private static byte[] Damage(string damage, byte[] snapshot)
    {
        var lines = SnapshotFiles.Lines(snapshot);
        var letterLine = lines.FindIndex(l => l.StartsWith("{\"t\":\"letter\"", StringComparison.Ordinal));
        Assert.Equal(8, letterLine + 1);
        return damage switch
        {
            "cut in half" => snapshot[..(snapshot.Length / 2)],
            "without its end line" => SnapshotFiles.Pack(lines[..^1]),
            "empty" => [],
            "random bytes" => RandomBytes(),
            "uncompressed" => Encoding.UTF8.GetBytes(string.Join('\n', lines)),
            "another format" => SnapshotFiles.Pack([lines[0].Replace("maildriver-snapshot", "mailbox-archive", StringComparison.Ordinal), .. lines[1..]]),
            "a newer format version" => SnapshotFiles.Pack([Edit(lines[0], o => o["version"] = 4), .. lines[1..]]),
            "a newer mail schema" => SnapshotFiles.Pack([Edit(lines[0], o => o["mailSchema"] = 99), .. lines[1..]]),
            "a header missing its machine" => SnapshotFiles.Pack([Edit(lines[0], o => o.Remove("machine")), .. lines[1..]]),
            "a row missing a field" => Replace(lines, letterLine, Edit(lines[letterLine], o => o.Remove("message"))),
            "a row of an unknown kind" => Replace(lines, letterLine, Edit(lines[letterLine], o => o["t"] = "parcel")),
            "a row with an empty key" => Replace(lines, 1, Edit(lines[1], o => o["name"] = "")),
            "a sent time that is not one" => Replace(lines, letterLine, Edit(lines[letterLine], o => o["sentAt"] = "yesterday")),
            "invalid UTF-8 in a body" => SnapshotFiles.Compress(
                [.. Encoding.UTF8.GetBytes(string.Concat(lines[..letterLine].Select(l => l + "\n"))), 0xC3, 0x28, .. Encoding.UTF8.GetBytes(string.Concat(lines[letterLine..].Select(l => l + "\n")))]),
            "counts that disagree" => Replace(lines, lines.Count - 1, Edit(lines[^1], o => o["letters"] = 3)),
            "a row after the end line" => SnapshotFiles.Pack([.. lines, lines[1]]),
            "the same user twice" => SnapshotFiles.Pack([.. lines[..2], lines[1], .. lines[2..^1], Edit(lines[^1], o => o["users"] = 6)]),
            _ => throw new ArgumentOutOfRangeException(nameof(damage), damage, null),
        };
    }

    private static byte[] Replace(List<string> lines, int index, string line)
    {
        var changed = lines.ToList();
        changed[index] = line;
        return SnapshotFiles.Pack(changed);
    }

    private static string Edit(string line, Action<JsonObject> edit)
    {
        var json = JsonNode.Parse(line)!.AsObject();
        edit(json);
        return json.ToJsonString();
    }

    private static byte[] RandomBytes()
    {
        var bytes = new byte[4096];
        new Random(42).NextBytes(bytes);
        return bytes;
    }
}
