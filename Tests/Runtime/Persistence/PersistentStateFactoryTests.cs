using Maildriver.Runtime;
using Maildriver.Grains.Storage.Database;
using Xunit;

namespace Maildriver.Tests.Runtime.Persistence;

public sealed class PersistentStateFactoryTests : IAsyncLifetime
{
    private static readonly GrainId Alice = new("Maildriver.Grains.IMailboxGrain", "MD1/alice");

    private SqliteTestDatabase _test = null!;

    public async Task InitializeAsync() => _test = await SqliteTestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _test.DisposeAsync();

    [Fact]
    public void Recognises_persistent_state_parameters()
    {
        Assert.True(PersistentStateFactory.IsPersistentState(typeof(IPersistentState<MailboxTestState>), out var stateType));
        Assert.Equal(typeof(MailboxTestState), stateType);
        Assert.False(PersistentStateFactory.IsPersistentState(typeof(MailboxTestState), out _));
        Assert.False(PersistentStateFactory.IsPersistentState(typeof(List<MailboxTestState>), out _));
    }

    [Fact]
    public async Task Creates_and_reads_a_state_for_a_runtime_type()
    {
        var storage = new AdoNetGrainStorage(_test.Database);
        var writer = new PersistentState<MailboxTestState>(Alice, "mailbox", storage);
        writer.State.Count = 3;
        await writer.WriteStateAsync();

        var created = PersistentStateFactory.Create(typeof(MailboxTestState), Alice, "mailbox", storage);
        await PersistentStateFactory.ReadAsync(created, CancellationToken.None);

        var state = Assert.IsAssignableFrom<IPersistentState<MailboxTestState>>(created);
        Assert.Equal(3, state.State.Count);
        Assert.Equal(writer.Etag, state.Etag);
    }

    [Fact]
    public void A_state_type_without_a_parameterless_constructor_is_explained()
    {
        var error = Assert.Throws<ArgumentException>(
            () => PersistentStateFactory.Create(typeof(NoDefaultConstructorState), Alice, "broken", new AdoNetGrainStorage(_test.Database)));

        Assert.Contains("parameterless constructor", error.Message);
        Assert.Contains(nameof(NoDefaultConstructorState), error.Message);
    }
}
