using System.Text;
using System.Text.Json.Nodes;
using Maildriver.Grains.Mime;
using Maildriver.Grains.Protocol;
using static Maildriver.Tests.Grains.Storage.MailFactory;

namespace Maildriver.Tests.Grains.Storage;

/// <summary>
/// A backup taken before letters were MIME (snapshot format 1: each letter's text as <c>body</c>) still restores:
/// its letters become the messages mail migration 4 would have made of them, in the cluster's mail domain.
/// </summary>
public sealed class LegacySnapshotTests : IAsyncLifetime
{
    private static readonly MailDomain Domain = new("campus.example.edu");
    private ProviderMailStore _source = null!;
    private ProviderMailStore _target = null!;

    public async Task InitializeAsync()
    {
        _source = await ProviderMailStore.CreateAsync();
        _target = await ProviderMailStore.CreateAsync();
    }

    public async Task DisposeAsync()
    {
        await _source.DisposeAsync();
        await _target.DisposeAsync();
    }

    [Fact]
    public async Task A_format_one_snapshot_restores_its_texts_as_messages()
    {
        var delivered = Letter(["bob"], body: "Delivered, with ünïcödé.\n");
        var pending = Letter(["bob"], body: "Still on its way.");
        await _source.Store.Orders.ApplyAsync([.. AddUsers(["bob"]), Deliver(delivered), Deliver(pending)]);
        await _source.Store.WorkSpace.DeliverAsync([delivered.Header.Id]);
        var file = new MemoryStream();
        await _source.Store.ExportSnapshotAsync(file, "MD1");

        var info = await _target.Store.ImportSnapshotAsync(new MemoryStream(AsFormatOne(file.ToArray())), domain: Domain);

        Assert.Equal((1L, 1L), (info.Letters, info.Protoletters));
        var entry = Assert.Single(await _target.Store.Inboxes.ListInboxAsync("bob", withBodies: true));
        AssertConverted(delivered, entry.Message!, entry.Header.Size);
        var stillPending = Assert.Single(await _target.Store.WorkSpace.GetValidProtolettersAsync(10)).Letter;
        AssertConverted(pending, stillPending.Message, stillPending.Header.Size);
    }

    private static void AssertConverted(Letter old, byte[] message, long size)
    {
        var h = old.Header;
        Assert.Equal(LetterMessages.PlainText(Domain, h.From, h.To, h.Subject, old.Text(), h.SentAt, $"{h.Id}@{Domain.Name}"), message);
        Assert.Equal(message.Length, size);
        Assert.Equal(old.Text(), LetterContent.TextOf(LetterMessages.Parse(message)));
    }

    // The snapshot as a format-1 build wrote it: the header says 1, and every letter has its text instead of its message.
    private static byte[] AsFormatOne(byte[] snapshot)
        => SnapshotFiles.Pack(SnapshotFiles.Lines(snapshot).Select(line =>
        {
            var row = JsonNode.Parse(line)!.AsObject();
            if (row["message"] is { } message)
            {
                row["body"] = Encoding.UTF8.GetString(Convert.FromBase64String((string)message!));
                row.Remove("message");
            }
            else if (row.ContainsKey("version"))
            {
                row["version"] = 1;
            }

            return row.ToJsonString();
        }));
}
