using System.Text.Json.Nodes;
using Maildriver.Tests.Support;

namespace Maildriver.Tests.Processes;

/// <summary>The <c>maildriver</c> CLI against three real silo processes, as a user would drive it.</summary>
[Collection(ProcessTestCollection.Name)]
public sealed class CliEndToEndTests(ThreeMachineCluster fixture) : IClassFixture<ThreeMachineCluster>
{
    private SiloProcessCluster Cluster => fixture.Cluster;

    private CliSessionFactory Cli => fixture.Cli;

    [Fact]
    public async Task ALetterSentThroughOneGatewayIsReceivedReadAndDeletedThroughAnother()
    {
        var alice = Cli.As("alice", Cluster.Gateway("MD1"));
        var bob = Cli.As("bob", Cluster.Gateway("MD3"));

        const string typedBody = "Dear Bob,\nlunch at noon?\n";
        var first = Cli.Json(await alice.RunWithInputAsync(typedBody, "send", "--to", "bob", "--subject", "Lunch"));
        var firstId = (string)first["id"]!;
        Assert.StartsWith("MD1.", firstId);

        var bodyFile = Path.Combine(Cluster.Folder, "minutes.txt");
        const string fileBody = "Minutes of the meeting:\n- ünïcödé survives\n- so do \"quotes\"\n";
        await File.WriteAllTextAsync(bodyFile, fileBody);
        var secondId = (string)(await alice.JsonAsync("send", "--to", "bob", "--subject", "Minutes", "--body-file", bodyFile))["id"]!;
        Assert.NotEqual(firstId, secondId);

        // receive: every letter in the system, even one still on its way to MD3, oldest first, with the contract's fields.
        var received = (await bob.JsonAsync("receive")).AsArray();
        Assert.Equal([firstId, secondId], received.Select(l => (string)l!["id"]!));
        var letter = received[0]!.AsObject();
        Assert.Equal(["answered", "attachments", "body", "flagged", "from", "id", "read", "sentAt", "subject", "to", "uid", "uidValidity"], letter.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("alice", (string)letter["from"]!);
        Assert.Equal(["bob"], letter["to"]!.AsArray().Select(t => (string)t!));
        Assert.Equal("Lunch", (string)letter["subject"]!);
        Assert.Equal(typedBody, (string)letter["body"]!);
        Assert.False((bool)letter["read"]!);
        var sentAt = DateTimeOffset.Parse((string)letter["sentAt"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(sentAt, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal(fileBody, (string)received[1]!["body"]!);

        // list and poll are local to MD3: wait for the deliveries to land there, then check there is no body.
        JsonArray listed = [];
        await WaitFor.ConditionAsync(async () => (listed = (await bob.JsonAsync("list")).AsArray()).Count == 2, TimeSpan.FromSeconds(30), "both letters listed on MD3");
        Assert.Equal([firstId, secondId], listed.Select(l => (string)l!["id"]!));
        Assert.All(listed, l => Assert.False(l!.AsObject().ContainsKey("body"), $"list has a body: {l}"));
        Assert.All(listed, l => Assert.Equal("alice", (string)l!["from"]!));
        Assert.True((bool)(await bob.JsonAsync("poll"))["mail"]!);

        var read = await bob.JsonAsync("read", firstId);
        Assert.Equal((firstId, typedBody, true), ((string)read["id"]!, (string)read["body"]!, (bool)read["read"]!));
        Assert.True((bool)(await bob.JsonAsync("poll"))["mail"]!, "the second letter is still unread");
        await bob.JsonAsync("read", secondId);
        Assert.False((bool)(await bob.JsonAsync("poll"))["mail"]!);
        Assert.All((await bob.JsonAsync("list")).AsArray(), l => Assert.True((bool)l!["read"]!));

        var deleted = await bob.JsonAsync("delete", firstId, secondId);
        Assert.Equal([firstId, secondId], deleted["deleted"]!.AsArray().Select(d => (string)d!));
        Assert.Empty((await bob.JsonAsync("list")).AsArray());
        // The delete was applied on MD3 before the CLI returned; the other machines get it from the Master.
        await WaitFor.ConditionAsync(
            async () => (await Cli.As("bob", Cluster.Gateway("MD2")).JsonAsync("receive")).AsArray().Count == 0,
            TimeSpan.FromSeconds(30),
            "the deleted letters are gone from MD2 too");
    }

    [Fact]
    public async Task ResendingWithTheSameSubmissionIdThroughAnotherGatewayReturnsTheSameLetter()
    {
        var recipient = fixture.UniqueName("resend");
        await fixture.AddUserAsync(recipient);
        var submission = Guid.NewGuid().ToString("N");
        string[] send = ["send", "--to", recipient, "--subject", "Only once", "--submission-id", submission];

        var first = (string)Cli.Json(await Cli.As("alice", Cluster.Gateway("MD2")).RunWithInputAsync("once", send))["id"]!;
        var again = (string)Cli.Json(await Cli.As("alice", Cluster.Gateway("MD3")).RunWithInputAsync("once", send))["id"]!;

        Assert.Equal(first, again);
        var letters = (await Cli.As(recipient, Cluster.Gateway("MD1")).JsonAsync("receive")).AsArray();
        Assert.Equal(first, (string)Assert.Single(letters)!["id"]!);
    }

    [Fact]
    public async Task AdminStatusShowsTheMastersViewInTheContractsShape()
    {
        var status = (await Cli.AsAdmin(Cluster.Gateway("MD3")).JsonAsync("admin", "status")).AsObject();

        Assert.Equal("MD1", (string)status["master"]!);
        Assert.Equal("MD2", (string)status["lieutenant"]!);
        Assert.True((long)status["epoch"]! >= 1);
        var machines = status["machines"]!.AsArray();
        Assert.Equal(["MD1", "MD2", "MD3"], machines.Select(m => (string)m!["name"]!));
        Assert.All(machines, m =>
        {
            Assert.True((bool)m!["up"]!);
            Assert.True((int)m["catchupPending"]! >= 0);
        });
        foreach (var counter in (string[])["pendingSends", "pendingDeletes", "deleteQueue"])
        {
            Assert.True((int)status[counter]! >= 0, $"{counter} in {status}");
        }
    }

    [Fact]
    public async Task AdminVerifyFindsTheThreeReplicasConsistent()
    {
        var recipient = fixture.UniqueName("verify");
        await fixture.AddUserAsync(recipient);
        Cli.Json(await Cli.As("alice", Cluster.Gateway("MD2")).RunWithInputAsync("to be compared", "send", "--to", recipient, "--subject", "Digest"));

        var report = await Cli.AsAdmin(Cluster.Gateway("MD2")).JsonAsync("admin", "verify");

        Assert.True((bool)report["consistent"]!, report.ToJsonString());
        var machines = report["machines"]!.AsArray();
        Assert.Equal(["MD1", "MD2", "MD3"], machines.Select(m => (string)m!["name"]!).Order());
        Assert.Single(machines.Select(m => (string)m!["digest"]!).Distinct());
        Assert.All(machines, m => Assert.True((long)m!["letters"]! >= 1));
    }

    [Fact]
    public async Task AdminVerifyWithAMachineDownNamesItAndIsNeverConsistent()
    {
        var admin = Cli.AsAdmin(Cluster.Gateway("MD1"));
        await Cluster.KillAsync("MD3");
        try
        {
            await WaitFor.ConditionAsync(
                async () => (await admin.JsonAsync("admin", "status"))["machines"]!.AsArray().Any(m => (string)m!["name"]! == "MD3" && !(bool)m["up"]!),
                TimeSpan.FromSeconds(30),
                "the Master declares MD3 dead");

            // Text: the headline names MD3 and why, and the table says so instead of leaving it out; exit 1 with the reason on stderr.
            var text = await MaildriverCli.RunAsync(
                ["--gateway", Cluster.Gateway("MD1"), "--user", "admin", "admin", "verify"],
                env: new Dictionary<string, string> { ["MAILDRIVER_PASSWORD"] = CliSessionFactory.PasswordOf("admin") });
            Cli.Expect(text, 1);
            var lines = text.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.Equal("Not verified: MD3 could not be compared (down). The 2 compared replicas agree.", lines[0]);
            Assert.DoesNotContain("Consistent", text.Stdout);
            Assert.Equal(["MD1", "MD2", "MD3"], lines.Skip(1).Select(l => l.Split(' ')[0]));
            Assert.Equal("MD3    not compared (down)", lines[^1]);
            Assert.Contains("not verified: MD3 could not be compared (down)", text.Stderr);

            // --json: the same report, with the new field; the existing ones unchanged.
            var json = await admin.RunAsync("admin", "verify");
            Cli.Expect(json, 1);
            var report = JsonNode.Parse(json.Stdout)!.AsObject();
            Assert.Equal(["consistent", "machines", "unchecked"], report.Select(p => p.Key));
            Assert.False((bool)report["consistent"]!);
            Assert.Equal(["MD1", "MD2"], report["machines"]!.AsArray().Select(m => (string)m!["name"]!));
            var left = Assert.Single(report["unchecked"]!.AsArray())!.AsObject();
            Assert.Equal(("MD3", "down"), ((string)left["name"]!, (string)left["reason"]!));
        }
        finally
        {
            if (!Cluster.IsRunning("MD3"))
            {
                await Cluster.StartAsync("MD3");
            }
        }

        // Back and caught up: every machine compared, consistent, exit 0 (the class's other tests see MD3 up again).
        ProcessResult whole = null!;
        await WaitFor.ConditionAsync(
            async () => (whole = await admin.RunAsync("admin", "verify")).ExitCode == 0,
            TimeSpan.FromSeconds(60),
            "MD3 back, caught up, and verify consistent");
        var after = Cli.Json(whole);
        Assert.True((bool)after["consistent"]!, after.ToJsonString());
        Assert.Equal(["MD1", "MD2", "MD3"], after["machines"]!.AsArray().Select(m => (string)m!["name"]!));
        Assert.Empty(after["unchecked"]!.AsArray());
    }

    [Fact]
    public async Task AnAdminManagesUsersAndListsWithTheCli()
    {
        var (ann, ben, list) = (fixture.UniqueName("ann"), fixture.UniqueName("ben"), fixture.UniqueName("team"));
        await fixture.AddUserAsync(ann);
        await fixture.AddUserAsync(ben);
        var admin = Cli.AsAdmin(Cluster.Gateway("MD2"));

        var added = await admin.JsonAsync("admin", "add-list", list, "--members", $"{ann},{ben}");
        Assert.Equal([ann, ben], added["members"]!.AsArray().Select(m => (string)m!));
        // add-list returns once the Master and Lieutenant recorded it; MD1 learns the list when its delivery arrives.
        // Until then MD1 refuses the recipient and changes nothing, and the submission id makes the retry that
        // succeeds the only letter.
        var submission = Guid.NewGuid().ToString("N");
        ProcessResult sent = null!;
        await WaitFor.ConditionAsync(
            async () => (sent = await Cli.As("alice", Cluster.Gateway("MD1")).RunWithInputAsync("all hands", "send", "--to", list, "--subject", "Team", "--submission-id", submission)).ExitCode == 0,
            TimeSpan.FromSeconds(30),
            "MD1 accepts the new list as a recipient");
        var id = (string)Cli.Json(sent)["id"]!;
        foreach (var member in (string[])[ann, ben])
        {
            var letter = Assert.Single((await Cli.As(member, Cluster.Gateway("MD3")).JsonAsync("receive")).AsArray())!;
            Assert.Equal(id, (string)letter["id"]!);
        }

        Assert.True((bool)(await admin.JsonAsync("admin", "delete-list", list))["deleted"]!);
        await WaitFor.ConditionAsync(
            async () => (await Cli.As("alice", Cluster.Gateway("MD3")).RunWithInputAsync("x", "send", "--to", list, "--subject", "Gone?")).ExitCode == 1,
            TimeSpan.FromSeconds(30),
            "the deleted list is refused as a recipient");

        Assert.True((bool)(await admin.JsonAsync("admin", "delete-user", ben))["deleted"]!);
        await WaitFor.ConditionAsync(
            async () => (await Cli.As(ben, Cluster.Gateway("MD3")).RunAsync("poll")).ExitCode == 1,
            TimeSpan.FromSeconds(30),
            "the deleted user can no longer log in on MD3");
    }

    [Fact]
    public async Task APasswordBeforeTheCommandIsTheCallersAndOneAfterItTheNewUsers()
    {
        // `maildriver --user admin --password A admin add-user bob --password B`: options before the command are
        // global, after it the command's.
        var carl = fixture.UniqueName("carl");
        var added = await MaildriverCli.RunAsync(
            ["--gateway", Cluster.Gateway("MD1"), "--user", "admin", "--password", CliSessionFactory.PasswordOf("admin"), "--json",
             "admin", "add-user", carl, "--password", "carls-own-pw"]);
        Cli.Expect(added, 0);
        await Cluster.WaitForUserAsync(carl, "carls-own-pw");

        var wrongCaller = await MaildriverCli.RunAsync(
            ["--gateway", Cluster.Gateway("MD1"), "--user", "admin", "--password", "not-the-admins", "admin", "add-user", fixture.UniqueName("dora"), "--password", "x-pw"]);
        Cli.Expect(wrongCaller, 1);
        Assert.Contains("login failed", wrongCaller.Stderr);
    }

    [Fact]
    public async Task ARefusedRequestExitsWithOneAndSaysWhyOnStderr()
    {
        var unknown = await Cli.As("alice").RunWithInputAsync("hello?", "send", "--to", "nobody-here", "--subject", "Hi");
        Cli.Expect(unknown, 1);
        Assert.Contains("nobody-here", unknown.Stderr);
        Assert.Equal("", unknown.Stdout);

        var wrongPassword = await MaildriverCli.RunAsync(
            ["--gateway", Cluster.Gateways, "--user", "alice", "--password", "not-alices-password", "poll"]);
        Cli.Expect(wrongPassword, 1);
        Assert.Contains("login failed", wrongPassword.Stderr);
    }

    [Fact]
    public async Task ACommandLineThatCannotBeCarriedOutExitsWithTwo()
    {
        var noRecipient = await Cli.As("alice").RunWithInputAsync("body", "send", "--subject", "Hi");
        Cli.Expect(noRecipient, 2);
        Assert.Contains("--to", noRecipient.Stderr);

        // Neither --gateway nor MAILDRIVER_GATEWAYS (MaildriverCli clears the variable).
        var noGateway = await MaildriverCli.RunAsync(["--user", "alice", "--password", CliSessionFactory.PasswordOf("alice"), "poll"]);
        Cli.Expect(noGateway, 2);
        Assert.Contains("MAILDRIVER_GATEWAYS", noGateway.Stderr);
    }

    [Fact]
    public async Task TheEnvironmentCanStandInForEveryGlobalOption()
    {
        var result = await MaildriverCli.RunAsync(
            ["--json", "poll"],
            env: new Dictionary<string, string>
            {
                ["MAILDRIVER_GATEWAYS"] = Cluster.Gateways,
                ["MAILDRIVER_USER"] = "alice",
                ["MAILDRIVER_PASSWORD"] = CliSessionFactory.PasswordOf("alice"),
            });

        Assert.NotNull(Cli.Json(result)["mail"]);
    }

    [Fact]
    public async Task WhenNoGatewayAnswersTheCliExitsWithThree()
    {
        var closed = LoopbackPorts.Reserve(2);

        var result = await Cli.As("alice", $"127.0.0.1:{closed[0]},127.0.0.1:{closed[1]}").RunAsync("poll");

        Cli.Expect(result, 3);
        Assert.Contains($"127.0.0.1:{closed[0]}", result.Stderr);
        Assert.Contains($"127.0.0.1:{closed[1]}", result.Stderr);
    }

    [Fact]
    public async Task AClientWithAnotherClusterIdIsTurnedAwayAndExitsWithThreeSayingWhy()
    {
        var result = await MaildriverCli.RunAsync(
            ["--gateway", Cluster.Gateway("MD2"), "--user", "alice", "poll"],
            env: new Dictionary<string, string> { ["MAILDRIVER_PASSWORD"] = CliSessionFactory.PasswordOf("alice"), ["MAILDRIVER_CLUSTER_ID"] = "another-cluster" });

        Cli.Expect(result, 3);
        Assert.Contains(Cluster.Gateway("MD2"), result.Stderr);
        Assert.Contains("'another-cluster' (MAILDRIVER_CLUSTER_ID)", result.Stderr);

        // The right id (the default, as the cluster has no membership.clusterId) gets in.
        Cli.Expect(await Cli.As("alice", Cluster.Gateway("MD2")).RunAsync("poll"), 0);
    }

    [Fact]
    public async Task ADeadFirstGatewayInTheListIsSkipped()
    {
        var closed = LoopbackPorts.Reserve(1)[0];
        var recipient = fixture.UniqueName("failover");
        await fixture.AddUserAsync(recipient);

        var sent = Cli.Json(await Cli.As("alice", $"127.0.0.1:{closed},{Cluster.Gateway("MD2")}").RunWithInputAsync("via the second gateway", "send", "--to", recipient, "--subject", "Failover"));
        var letters = (await Cli.As(recipient, $"127.0.0.1:{closed},{Cluster.Gateway("MD3")}").JsonAsync("receive")).AsArray();

        Assert.StartsWith("MD2.", (string)sent["id"]!);
        Assert.Equal("via the second gateway", (string)Assert.Single(letters)!["body"]!);
    }
}
