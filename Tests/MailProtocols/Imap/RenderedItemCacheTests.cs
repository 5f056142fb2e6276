using Maildriver.MailPorts.Imap.Fetch;

namespace Maildriver.Tests.MailProtocols.Imap;

/// <summary>The machine's cache of rendered FETCH items: bounded in octets, the least recently used going first.</summary>
public sealed class RenderedItemCacheTests
{
    [Fact]
    public void Keeps_items_within_its_bound_and_drops_the_least_recently_used_first()
    {
        var one = RenderedItemCache.CostOf("MD1.1", "ENVELOPE", new byte[100]);
        var cache = new RenderedItemCache(3 * one);
        cache.Add("MD1.1", "ENVELOPE", new byte[100]);
        cache.Add("MD1.2", "ENVELOPE", new byte[100]);
        cache.Add("MD1.3", "ENVELOPE", new byte[100]);
        Assert.True(cache.TryGet("MD1.1", "ENVELOPE", out _));

        // MD1.2 is now the least recently used: the fourth entry takes its place.
        cache.Add("MD1.4", "ENVELOPE", new byte[100]);
        Assert.False(cache.TryGet("MD1.2", "ENVELOPE", out _));
        Assert.True(cache.TryGet("MD1.1", "ENVELOPE", out _));
        Assert.True(cache.TryGet("MD1.3", "ENVELOPE", out _));
        Assert.True(cache.TryGet("MD1.4", "ENVELOPE", out var kept));
        Assert.Equal(100, kept.Length);
        Assert.Equal(3 * one, cache.Bytes);
        Assert.False(cache.TryGet("MD1.1", "BODYSTRUCTURE", out _));
    }

    [Fact]
    public void Keeps_nothing_larger_than_itself_and_nothing_at_all_at_zero()
    {
        var cache = new RenderedItemCache(500);
        cache.Add("MD1.1", "BODYSTRUCTURE", new byte[1_000]);
        Assert.False(cache.TryGet("MD1.1", "BODYSTRUCTURE", out _));
        Assert.Equal(0, cache.Bytes);

        var off = new RenderedItemCache(0);
        off.Add("MD1.1", "ENVELOPE", [1]);
        Assert.False(off.TryGet("MD1.1", "ENVELOPE", out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RenderedItemCache(-1));
    }
}
