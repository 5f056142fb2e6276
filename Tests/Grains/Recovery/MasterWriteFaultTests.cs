using System.Collections.Concurrent;
using System.Text;
using Maildriver.Grains.Master;
using Maildriver.Grains.Protocol;
using Maildriver.Grains.Server;
using Maildriver.Tests.Grains.Protocol;
using Maildriver.Tests.Support;

namespace Maildriver.Tests.Grains.Recovery;

/// <summary>
/// A Master whose directory write of a new letter fails, and which lives on, answers with the failure and leaves no
/// record of that letter with its Lieutenant (<c>LetterIntake</c> writes the record only after its own copy): the
/// client's retry through another machine becomes a letter of its own, and a later takeover delivers only that one.
/// (When the two writes overlapped, the Lieutenant kept the failed attempt's record and the takeover crashed every
/// machine on it.)
/// </summary>
public sealed class MasterWriteFaultTests
{
    [Fact]
    public async Task AFailedMasterWriteLeavesNoRecordAndATakeoverDeliversOnlyTheClientsRetry()
    {
        var disks = new ConcurrentDictionary<string, DiskFullDatabase>();
        await using var mail = await MailTestCluster.StartAsync(configure: b => b.DatabaseWrapper = db => disks[b.Machine] = new DiskFullDatabase(db));
        await mail.AddUsersAsync("alice", "bob");
        await mail.QuietAsync();

        // The Master's (MD1's) disk is full: its directory write of a letter whose body needs new pages fails, and it
        // answers the origin (MD3) with that failure, alive; MD2, its Lieutenant, is not asked to write it down.
        var request = new SendRequest(["bob"], "once", new string('o', 200_000), "once-only");
        var aliceOnMd3 = await mail.LoginAsync("alice", "MD3");
        disks["MD1"].FillDisk();
        await Assert.ThrowsAnyAsync<Exception>(() => mail.Server("MD3").Send(aliceOnMd3, request));
        disks["MD1"].FreeDisk();
        Assert.Empty(mail.Cluster.Crashes);

        // The client tries again through another machine: a new letter, acknowledged and delivered everywhere.
        var sent = await mail.Server("MD2").Send(await mail.LoginAsync("alice", "MD2"), request);
        await mail.QuietAsync();

        // The Master dies; MD2 takes over from its records. Had the Lieutenant written the failed attempt down, it would
        // deliver that letter now, and every store would refuse it beside the retry (one letter per submission): the
        // machines would crash on it, again at each restart.
        await mail.Cluster.KillSiloAsync("MD1");
        await mail.WaitForStatusAsync("MD2", s => s.Master == "MD2" && s.Lieutenant == "MD3", "MD2 took over");
        await mail.QuietAsync("MD2");

        foreach (var machine in new[] { "MD2", "MD3" })
        {
            var inbox = await mail.Server(machine).List(await mail.LoginAsync("bob", machine));
            Assert.Equal(sent.Id, Assert.Single(inbox).Id);
        }

        Assert.Empty(mail.Cluster.Crashes);
    }

    [Fact]
    public async Task ALieutenantsRecordOfAnAttemptWhoseRetryBecameAnotherLetterIsNotDeliveredAtATakeover()
    {
        await using var mail = await MailTestCluster.StartAsync();
        await mail.AddUsersAsync("alice", "bob");
        var request = new SendRequest(["bob"], "once", "the letter", "sent-twice");
        var sent = await mail.Server("MD2").Send(await mail.LoginAsync("alice", "MD2"), request);
        await mail.QuietAsync();

        // What a lost answer leaves behind: the Lieutenant (MD2) wrote down an earlier attempt of the same submission
        // through MD3, whose "got it" never reached the Master, which lived on and told MD3 it failed; MD3 kept its
        // protoletter, bogus. The client's retry through MD2 is the letter above.
        var epoch = (await mail.WaitForStatusAsync("MD1", _ => true, "the Master's status")).Epoch;
        var message = Encoding.ASCII.GetBytes("Subject: once\r\n\r\nthe letter\r\n");
        var attempt = new LetterHeader("MD3.1", "alice", ["bob"], "once", DateTimeOffset.UtcNow, "alice/sent-twice", message.Length, [99]);
        await mail.Store("MD3").WorkSpace.InsertBogusAsync([new Letter(attempt, message)]);
        await mail.Cluster.GetSilo("MD2").GrainFactory.GetGrain<ILieutenantGrain>("MD2").Record(epoch, [LieutenantRecords.ForLetter(attempt, seq: 1)]);

        // MD2 takes over from its records: the attempt is not delivered beside the letter the client was told of.
        await mail.Cluster.KillSiloAsync("MD1");
        await mail.WaitForStatusAsync("MD2", s => s.Master == "MD2" && s.Lieutenant == "MD3", "MD2 took over");
        await mail.QuietAsync("MD2");
        foreach (var machine in new[] { "MD2", "MD3" })
        {
            Assert.Equal(sent.Id, Assert.Single(await mail.Server(machine).List(await mail.LoginAsync("bob", machine))).Id);
        }

        // A retry of the submission after the takeover is still answered with that letter.
        Assert.Equal(sent.Id, (await mail.Server("MD3").Send(await mail.LoginAsync("alice", "MD3"), request)).Id);
        Assert.Empty(mail.Cluster.Crashes);
    }
}
