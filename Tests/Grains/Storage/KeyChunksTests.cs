using Maildriver.Grains.Storage;

namespace Maildriver.Tests.Grains.Storage;

/// <summary>
/// The key chunks every IN list and multi-row insert of the store is bound from: each the smallest size that holds
/// what is left unless that more than doubles it, every key once (padding repeats a key of the chunk), and a statement text with as many parameters
/// as the chunk binds.
/// </summary>
public sealed class KeyChunksTests
{
    [Theory]
    [InlineData(1, new[] { 1 })]
    [InlineData(2, new[] { 4 })]
    [InlineData(3, new[] { 4 })]
    [InlineData(5, new[] { 4, 1 })]
    [InlineData(12, new[] { 16 })]
    [InlineData(64, new[] { 64 })]
    [InlineData(65, new[] { 64, 1 })]
    [InlineData(150, new[] { 64, 64, 16, 4, 4 })]
    public void Each_chunk_is_the_smallest_size_that_holds_what_is_left_at_most_twice_over(int keys, int[] sizes)
    {
        var names = Enumerable.Range(0, keys).Select(i => $"user{i}").ToList();

        var chunks = KeyChunks.Of(names, ("@id", "letter")).ToList();

        Assert.Equal(sizes, chunks.Select(c => c.Size));
        Assert.All(chunks, c => Assert.Equal(("@id", (object)"letter"), c.Parameters[0]));
        Assert.All(chunks, c => Assert.Equal(c.Size + 1, c.Parameters.Length));
        Assert.Equal(names, chunks.SelectMany(c => c.Parameters.Skip(1).Select(p => (string)p.Value)).Distinct());
    }

    [Fact]
    public void Duplicate_keys_are_bound_once()
    {
        var chunks = KeyChunks.Of(["a", "b", "a", "c", "b"]).ToList();

        var chunk = Assert.Single(chunks);
        Assert.Equal(4, chunk.Size);
        Assert.Equal(["a", "b", "c", "c"], chunk.Parameters.Select(p => (string)p.Value));
    }

    [Fact]
    public void Pairs_keep_each_key_with_its_number()
    {
        var pairs = Enumerable.Range(0, 20).Select(i => ($"user{i}", (long)(100 + i))).ToList();

        var chunks = KeyChunks.OfPairs(pairs).ToList();

        Assert.Equal([16, 4], chunks.Select(c => c.Size));
        var bound = chunks.SelectMany(c => c.Parameters.Chunk(2).Select(p => ((string)p[0].Value, (long)p[1].Value))).Distinct();
        Assert.Equal(pairs, bound);
    }

    [Fact]
    public void A_statement_text_has_the_parameters_of_its_size()
    {
        foreach (var size in KeyChunks.Sizes)
        {
            var text = MailSql.InsertProtoletterRecipientsWithUids.For(size);

            Assert.Equal(size, text.Split("@k").Length - 1);
            Assert.Equal(size, text.Split("@u").Length - 1);
            Assert.Contains($"@k{size - 1},", text, StringComparison.Ordinal);
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => MailSql.FilterInInbox.For(3));
    }
}
