using System.Text;
using Maildriver.Grains.Master;
using Maildriver.Grains.Protocol;
using Maildriver.Grains.Server;
using Maildriver.Tests.Grains.Protocol;
using Maildriver.Tests.Support;

namespace Maildriver.Tests.Grains.Recovery;

/// <summary>
/// A Lieutenant's record can outlive a lost answer: it wrote an attempt down, its "got it" never reached the Master,
/// which lived on and failed the send, and the client sent the letter again through another machine as a new letter.
/// A takeover must leave the first out (<c>TakeOver.SupersededAsync</c>): the client was told only of the second, and
/// every store refuses a second letter of one submission (a machine that cannot deliver crashes).
/// </summary>
public sealed class SupersededRecordTests
{
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

        // Nor is the attempt handed on: the new Lieutenant (MD3) is left with nothing once the letters are delivered.
        var lieutenant = mail.Cluster.GetSilo("MD3").GrainFactory.GetGrain<ILieutenantGrain>("MD3");
        await WaitFor.ConditionAsync(async () => await lieutenant.PendingCount() == 0, TimeSpan.FromSeconds(10), "the new Lieutenant holds no record");

        // A retry of the submission after the takeover is still answered with that letter.
        Assert.Equal(sent.Id, (await mail.Server("MD3").Send(await mail.LoginAsync("alice", "MD3"), request)).Id);
        Assert.Empty(mail.Cluster.Crashes);
    }
}
