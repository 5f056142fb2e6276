using Maildriver.MailPorts.Imap.Fetch;
using Microsoft.Extensions.Logging.Abstractions;

namespace Maildriver.Tests.MailProtocols.Imap;

/// <summary>
/// The machine's rendered FETCH items on disk: what was written is there after the file is closed and opened again
/// (a restart), bounded in octets with the oldest going first, and a file that cannot be read is made anew.
/// </summary>
public sealed class RenderedItemFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("maildriver-imap-cache-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Items_written_before_a_restart_are_read_after_it()
    {
        var file = RenderedItemFile.Open(_folder, 1024 * 1024, NullLogger.Instance)!;
        file.Add("MD1.1", "ENVELOPE", [1, 2, 3]);
        file.Add("MD1.1", "BODYSTRUCTURE", [4]);
        file.Add("MD2.7", "ENVELOPE", [5, 6]);
        file.Add("MD2.7", "ENVELOPE", [9, 9, 9, 9]);
        await file.DisposeAsync();

        await using var reopened = RenderedItemFile.Open(_folder, 1024 * 1024, NullLogger.Instance)!;
        var found = await reopened.GetAsync(["MD1.1", "MD2.7", "MD3.404"]);

        // The first rendering of an item is the one kept: a letter's items never change.
        Assert.Equal(3, found.Count);
        Assert.Equal([1, 2, 3], found[("MD1.1", "ENVELOPE")]);
        Assert.Equal([4], found[("MD1.1", "BODYSTRUCTURE")]);
        Assert.Equal([5, 6], found[("MD2.7", "ENVELOPE")]);
        Assert.Empty(await reopened.GetAsync([]));
        Assert.True(File.Exists(Path.Combine(_folder, RenderedItemFile.FileName)));
    }

    [Fact]
    public async Task Beyond_its_bound_the_oldest_items_go_first()
    {
        // Each entry costs 100 octets, its key's 13 characters and the overhead: about 160; room for ten.
        const long capacity = 1_700;
        var file = RenderedItemFile.Open(_folder, capacity, NullLogger.Instance)!;
        for (var i = 0; i < 30; i++)
        {
            file.Add($"MD1.{i:D4}", "ENVELOPE", new byte[100]);
        }

        await file.DisposeAsync();

        await using var reopened = RenderedItemFile.Open(_folder, capacity, NullLogger.Instance)!;
        var found = await reopened.GetAsync(Enumerable.Range(0, 30).Select(i => $"MD1.{i:D4}").ToList());
        Assert.InRange(reopened.Bytes, 1, capacity);
        Assert.InRange(found.Count, 5, 10);
        Assert.Contains(("MD1.0029", "ENVELOPE"), found.Keys);
        Assert.DoesNotContain(("MD1.0000", "ENVELOPE"), found.Keys);
        var kept = found.Keys.Select(k => int.Parse(k.LetterId[4..], System.Globalization.CultureInfo.InvariantCulture)).Order().ToList();
        Assert.Equal(Enumerable.Range(30 - kept.Count, kept.Count), kept);
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_is_replaced_by_an_empty_one()
    {
        var path = Path.Combine(_folder, RenderedItemFile.FileName);
        await File.WriteAllBytesAsync(path, Enumerable.Repeat((byte)'x', 8192).ToArray());

        await using var file = RenderedItemFile.Open(_folder, 1024 * 1024, NullLogger.Instance)!;

        Assert.Empty(await file.GetAsync(["MD1.1"]));
        Assert.Equal(0, file.Bytes);
        file.Add("MD1.1", "ENVELOPE", [7]);
        await file.DisposeAsync();
        await using var reopened = RenderedItemFile.Open(_folder, 1024 * 1024, NullLogger.Instance)!;
        Assert.Equal([7], (await reopened.GetAsync(["MD1.1"]))[("MD1.1", "ENVELOPE")]);
    }
}
