using Maildriver.Runtime;
using Maildriver.Grains.Storage.Database;
using Xunit;

namespace Maildriver.Tests.Runtime.Persistence;

public sealed class AdoNetGrainStorageTests : IAsyncLifetime
{
    private static readonly GrainId Alice = new("Maildriver.Grains.IMailboxGrain", "MD1/alice");

    private SqliteTestDatabase _test = null!;

    public async Task InitializeAsync() => _test = await SqliteTestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _test.DisposeAsync();

    [Fact]
    public async Task Reading_nothing_gives_a_fresh_state_without_a_record()
    {
        var state = NewState();
        state.State.Count = 42;

        await state.ReadStateAsync();

        Assert.Equal(0, state.State.Count);
        Assert.False(state.RecordExists);
        Assert.Null(state.Etag);
    }

    [Fact]
    public async Task Round_trip()
    {
        var writer = NewState();
        writer.State.Count = 2;
        writer.State.Messages.AddRange(["one", "two"]);
        await writer.WriteStateAsync();

        var reader = NewState();
        await reader.ReadStateAsync();

        Assert.True(reader.RecordExists);
        Assert.Equal(writer.Etag, reader.Etag);
        Assert.Equal(2, reader.State.Count);
        Assert.Equal(["one", "two"], reader.State.Messages);
    }

    [Fact]
    public async Task Stored_json_uses_the_wire_dialect()
    {
        var writer = NewState();
        writer.State.Count = 7;
        await writer.WriteStateAsync();

        var stored = await new AdoNetGrainStorage(_test.Database).ReadAsync(Alice, "mailbox", CancellationToken.None);

        Assert.NotNull(stored);
        Assert.Contains("\"count\":7", stored.Json);
    }

    [Fact]
    public async Task Each_write_gets_a_new_etag()
    {
        var state = NewState();
        await state.WriteStateAsync();
        var first = state.Etag;
        await state.WriteStateAsync();

        Assert.Equal("1", first);
        Assert.Equal("2", state.Etag);
    }

    [Fact]
    public async Task States_are_kept_apart_by_grain_and_name()
    {
        var alice = NewState();
        alice.State.Count = 1;
        await alice.WriteStateAsync();
        var aliceOutbox = new PersistentState<MailboxTestState>(Alice, "outbox", Storage());
        aliceOutbox.State.Count = 2;
        await aliceOutbox.WriteStateAsync();
        var bob = new PersistentState<MailboxTestState>(Alice with { Key = "MD1/bob" }, "mailbox", Storage());
        bob.State.Count = 3;
        await bob.WriteStateAsync();

        var reread = NewState();
        await reread.ReadStateAsync();

        Assert.Equal(1, reread.State.Count);
    }

    [Fact]
    public async Task State_survives_reopening_the_database()
    {
        var writer = NewState();
        writer.State.Messages.Add("kept");
        await writer.WriteStateAsync();

        var reopened = await _test.ReopenAsync();
        var reader = new PersistentState<MailboxTestState>(Alice, "mailbox", new AdoNetGrainStorage(reopened));
        await reader.ReadStateAsync();

        Assert.Equal(["kept"], reader.State.Messages);
        Assert.Equal(writer.Etag, reader.Etag);
    }

    [Fact]
    public async Task A_write_from_a_stale_etag_throws_and_the_first_writer_wins()
    {
        var setup = NewState();
        await setup.WriteStateAsync();
        var first = NewState();
        var second = NewState();
        await first.ReadStateAsync();
        await second.ReadStateAsync();
        Assert.Equal(first.Etag, second.Etag);

        first.State.Messages.Add("first");
        await first.WriteStateAsync();
        second.State.Messages.Add("second");
        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => second.WriteStateAsync());

        Assert.Contains("mailbox", conflict.Message);
        Assert.Contains(Alice.ToString(), conflict.Message);
        Assert.Contains("expected ETag 1", conflict.Message);
        Assert.Contains("stored ETag is 2", conflict.Message);
        Assert.Equal("1", second.Etag);
        Assert.Equal(["first"], (await ReadAsync()).Messages);
    }

    [Fact]
    public async Task Two_first_writes_collide()
    {
        var first = NewState();
        var second = NewState();
        await first.ReadStateAsync();
        await second.ReadStateAsync();

        first.State.Messages.Add("first");
        await first.WriteStateAsync();
        second.State.Messages.Add("second");
        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => second.WriteStateAsync());

        Assert.Contains("expected ETag none", conflict.Message);
        Assert.False(second.RecordExists);
        Assert.Equal(["first"], (await ReadAsync()).Messages);
    }

    [Fact]
    public async Task Clear_with_a_stale_etag_throws_and_keeps_the_record()
    {
        var first = NewState();
        await first.WriteStateAsync();
        var second = NewState();
        await second.ReadStateAsync();
        first.State.Messages.Add("newer");
        await first.WriteStateAsync();

        await Assert.ThrowsAsync<InconsistentStateException>(() => second.ClearStateAsync());

        Assert.Equal(["newer"], (await ReadAsync()).Messages);
    }

    [Fact]
    public async Task Clear_with_no_etag_throws_when_a_record_appeared()
    {
        var late = NewState();
        await late.ReadStateAsync();
        var writer = NewState();
        await writer.WriteStateAsync();

        await Assert.ThrowsAsync<InconsistentStateException>(() => late.ClearStateAsync());
    }

    [Fact]
    public async Task Clear_removes_the_record_and_a_new_write_starts_over()
    {
        var state = NewState();
        state.State.Count = 5;
        await state.WriteStateAsync();

        await state.ClearStateAsync();
        Assert.False(state.RecordExists);
        Assert.Null(state.Etag);
        Assert.Equal(0, state.State.Count);

        var reader = NewState();
        await reader.ReadStateAsync();
        Assert.False(reader.RecordExists);

        state.State.Count = 6;
        await state.WriteStateAsync();
        Assert.Equal(6, (await ReadAsync()).Count);
    }

    [Fact]
    public async Task An_etag_from_before_a_clear_cannot_overwrite_the_record_written_after_it()
    {
        var stale = NewState();
        await stale.WriteStateAsync();
        var clearer = NewState();
        await clearer.ReadStateAsync();
        await clearer.ClearStateAsync();
        var rewriter = NewState();
        rewriter.State.Messages.Add("after clear");
        await rewriter.WriteStateAsync();

        stale.State.Messages.Add("stale");
        await Assert.ThrowsAsync<InconsistentStateException>(() => stale.WriteStateAsync());

        Assert.Equal(["after clear"], (await ReadAsync()).Messages);
    }

    [Fact]
    public async Task An_etag_the_storage_never_issued_never_matches()
    {
        var storage = Storage();
        await storage.WriteAsync(Alice, "mailbox", "{}", null, CancellationToken.None);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteAsync(Alice, "mailbox", "{}", "not-a-version", CancellationToken.None));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearAsync(Alice, "mailbox", "-1", CancellationToken.None));
    }

    private AdoNetGrainStorage Storage() => new(_test.Database);

    private PersistentState<MailboxTestState> NewState() => new(Alice, "mailbox", Storage());

    private async Task<MailboxTestState> ReadAsync()
    {
        var state = NewState();
        await state.ReadStateAsync();
        Assert.True(state.RecordExists);
        return state.State;
    }
}
