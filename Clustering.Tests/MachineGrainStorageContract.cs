using Maildriver.Clustering.Persistence;
using Maildriver.Clustering.Tests.Support;
using Orleans.Storage;

namespace Maildriver.Clustering.Tests;

/// <summary>
/// What a machine's grain storage (<see cref="MachineGrainStorageExtensions.AddMachineGrainStorage"/>) must do on
/// any database, on real Orleans 10.4.2 silos with a toy grain whose state is a <see cref="ToyView"/>. Each database
/// runs it from a subclass that gives the storage and its own facts.
/// </summary>
public abstract class MachineGrainStorageContract
{
    private static readonly ToyView First = new() { Epoch = 1, Master = "MD1", Lieutenant = "MD2" };
    private static readonly ToyView Second = new() { Epoch = 2, Master = "MD2", Lieutenant = "MD3" };
    private static readonly ToyView Third = new() { Epoch = 3, Master = "MD3", Lieutenant = "MD1" };

    /// <summary>The storage under test (a database of the test's own).</summary>
    protected abstract MachineStorageOptions Storage { get; }

    /// <summary>The SQL expression of OrleansStorage's payload as text, on this database.</summary>
    protected abstract string PayloadAsText { get; }

    /// <summary>The first column of <paramref name="sql"/>'s rows, on the storage's database.</summary>
    protected abstract Task<List<string>> QueryStringsAsync(string sql);

    protected async Task State_written_survives_a_silo_restart()
    {
        await using (var silo = await ToySilo.StartAsync(Storage))
        {
            Assert.Null(await silo.Grain("MD1").Get());
            await silo.Grain("MD1").Set(First);
        }

        // Another silo, another cluster, another cluster service id: the same database, so the same state.
        await using (var silo = await ToySilo.StartAsync(Storage))
        {
            Assert.Equal(First, await silo.Grain("MD1").Get());
            await silo.Grain("MD1").Set(Second);
            Assert.Equal(Second, (await silo.ReadStoredAsync("MD1")).View);
        }

        // Rows are keyed by the storage's own service id, not the clusters' random ones; the state is System.Text.Json's.
        Assert.Equal([Storage.ServiceId], await QueryStringsAsync("SELECT DISTINCT serviceid FROM orleansstorage"));
        Assert.Equal(["""{"Epoch":2,"Master":"MD2","Lieutenant":"MD3"}"""], await QueryStringsAsync($"SELECT {PayloadAsText} FROM orleansstorage"));
    }

    protected async Task A_stale_writer_fails_loudly_and_the_stored_state_stays()
    {
        // Two silos of different clusters on one database: each activates the grain once (split brain).
        await using var stale = await ToySilo.StartAsync(Storage);
        await using var current = await ToySilo.StartAsync(Storage);
        await stale.Grain("MD1").Set(First);

        Assert.Equal(First, await current.Grain("MD1").Get());
        await current.Grain("MD1").Set(Second);

        // The first activation still holds First's ETag: its write must fail, not overwrite Second.
        await Assert.ThrowsAsync<InconsistentStateException>(() => stale.Grain("MD1").Set(Third));
        var (stored, _) = await current.ReadStoredAsync("MD1");
        Assert.Equal(Second, stored);
    }

    protected async Task Two_writers_racing_on_one_ETag_through_the_provider_one_wins()
    {
        await using var silo = await ToySilo.StartAsync(Storage);
        var id = ToySilo.GrainId("MD1");
        await silo.Storage.WriteStateAsync("view", id, new GrainState<ToyView>(First));

        var a = new GrainState<ToyView>(new ToyView());
        var b = new GrainState<ToyView>(new ToyView());
        await silo.Storage.ReadStateAsync("view", id, a);
        await silo.Storage.ReadStateAsync("view", id, b);
        Assert.Equal(a.ETag, b.ETag);

        a.State = Second;
        await silo.Storage.WriteStateAsync("view", id, a);
        Assert.NotEqual(b.ETag, a.ETag);
        b.State = Third;
        var failure = await Assert.ThrowsAsync<InconsistentStateException>(() => silo.Storage.WriteStateAsync("view", id, b));

        Assert.Contains("Version conflict", failure.Message);
        var (stored, etag) = await silo.ReadStoredAsync("MD1");
        Assert.Equal(Second, stored);
        Assert.Equal(a.ETag, etag);
    }

    protected async Task A_second_first_write_fails_and_keeps_the_first()
    {
        // Two writers that both read "no state" (no ETag): the second insert must not create a second row.
        await using var silo = await ToySilo.StartAsync(Storage);
        var id = ToySilo.GrainId("MD1");
        await silo.Storage.WriteStateAsync("view", id, new GrainState<ToyView>(First));

        await Assert.ThrowsAsync<InconsistentStateException>(() => silo.Storage.WriteStateAsync("view", id, new GrainState<ToyView>(Second)));
        Assert.Equal(First, (await silo.ReadStoredAsync("MD1")).View);
        Assert.Equal(["1"], await QueryStringsAsync("SELECT COUNT(*) FROM orleansstorage"));
    }
}
