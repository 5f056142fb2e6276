using System.Text;
using Maildriver.Tests.MailProtocols.Support;
using Maildriver.Tests.Support;

namespace Maildriver.Tests.MailProtocols.Limits;

/// <summary>Over-long lines, oversized messages, too many clients, and clients that vanish mid-command.</summary>
public sealed class MailPortLimitsTests(LimitsCluster fixture) : IClassFixture<LimitsCluster>
{
    private MailPortsCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task AnOverlongCommandLineIsRefusedAndTheSessionGoesOn()
    {
        await using var smtp = await Cluster.SmtpAsync("MD1");
        await smtp.SmtpAsync("EHLO " + new string('x', 600), "500 5.5.2 Line too long");
        await smtp.SmtpAsync("NOOP", "250");

        await using var pop = await Cluster.Pop3Async("MD1");
        await pop.CommandAsync("USER " + new string('x', 600), "-ERR line too long");
        await pop.Pop3BlockAsync("CAPA");
    }

    [Fact]
    public async Task ALineThatNeverEndsClosesTheConnection()
    {
        var endless = Encoding.ASCII.GetBytes(new string('z', 100_000));

        await using var smtp = await Cluster.SmtpAsync("MD1");
        await smtp.SendRawAsync(endless);
        await smtp.ExpectAsync("500 5.5.2 Line too long; closing");
        await smtp.ExpectClosedAsync();

        await using var pop = await Cluster.Pop3Async("MD1");
        await pop.SendRawAsync(endless);
        await pop.ExpectAsync("-ERR line too long; closing");
        await pop.ExpectClosedAsync();
    }

    [Fact]
    public async Task AMessageOverTheLimitIsReadToItsEndAndRefused()
    {
        await using var smtp = await Cluster.SmtpLoginAsync("MD1", "alice");
        var line = new string('y', 70) + "\r\n";
        await SubmitAsync(smtp, "Subject: big\r\n\r\n" + string.Concat(Enumerable.Repeat(line, 80)), "552");

        // The session goes on, and one long line over the limit is the same.
        await SubmitAsync(smtp, "Subject: long\r\n\r\n" + new string('w', 5000) + "\r\n", "552");
        await smtp.SmtpAsync("NOOP", "250");
        await SubmitAsync(smtp, "Subject: fits\r\n\r\n" + Lines(LimitsCluster.MaxLetterBytes - 100), "250");

        // Exactly the limit fits; one octet more does not.
        const string head = "Subject: exact\r\n\r\n";
        await SubmitAsync(smtp, head + Lines(LimitsCluster.MaxLetterBytes - head.Length), "250");
        await SubmitAsync(smtp, head + Lines(LimitsCluster.MaxLetterBytes - head.Length + 1), "552");
        await smtp.SmtpAsync("QUIT", "221");

        Assert.Equal(["fits", "exact"], (await Cluster.ReceiveAsync("bob")).Select(l => l.Subject));
    }

    [Fact]
    public async Task AMessageFarOverTheLimitClosesTheConnection()
    {
        await using var smtp = await Cluster.SmtpLoginAsync("MD1", "alice");
        await BeginDataAsync(smtp);
        var line = Encoding.ASCII.GetBytes(new string('u', 998) + "\r\n");
        try
        {
            for (var i = 0; i < 64; i++)
            {
                await smtp.SendRawAsync(line);
            }
        }
        catch (IOException)
        {
            // The server may close before everything is written.
        }

        await smtp.ExpectAsync("552 5.3.4 Message far too big");
        await smtp.ExpectClosedAsync();
    }

    [Fact]
    public async Task ClientsBeyondTheConnectionLimitAreToldToComeBackLater()
    {
        var open = new List<RawClient>();
        try
        {
            // Connections of earlier tests may take a moment to be noticed as closed: fill up to the limit.
            await WaitFor.ConditionAsync(
                async () =>
                {
                    var client = await RawClient.ConnectAsync(Cluster.Pop3Port("MD1"));
                    var greeting = await client.ReadLineAsync();
                    if (greeting?.StartsWith("+OK", StringComparison.Ordinal) == true)
                    {
                        open.Add(client);
                    }
                    else
                    {
                        await client.DisposeAsync();
                    }

                    return open.Count == LimitsCluster.MaxConnections;
                },
                because: "three POP3 connections accepted");

            await using (var refused = await RawClient.ConnectAsync(Cluster.Pop3Port("MD1")))
            {
                await refused.ExpectAsync("-ERR [SYS/TEMP] too many connections");
                await refused.ExpectClosedAsync();
            }

            // Those inside are still served.
            foreach (var client in open)
            {
                await client.Pop3BlockAsync("CAPA");
            }

            await open[0].CommandAsync("QUIT", "+OK");
            await WaitFor.ConditionAsync(
                async () =>
                {
                    await using var client = await RawClient.ConnectAsync(Cluster.Pop3Port("MD1"));
                    return (await client.ReadLineAsync())?.StartsWith("+OK", StringComparison.Ordinal) == true;
                },
                because: "a place is free again after a QUIT");
        }
        finally
        {
            foreach (var client in open)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task ClientsVanishingMidDataOrMidAuthLeaveNothingBehind()
    {
        var before = (await Cluster.ReceiveAsync("bob")).Count;
        var midData = await Cluster.SmtpLoginAsync("MD1", "alice");
        await BeginDataAsync(midData);
        await midData.SendRawAsync("Subject: half\r\n\r\nhalf a letter\r\n"u8.ToArray());
        midData.Abort();

        var midAuth = await Cluster.SmtpAsync("MD1");
        await midAuth.SmtpAsync("EHLO x", "250");
        await midAuth.SmtpAsync("AUTH PLAIN", "334");
        await midAuth.SendRawAsync("AGFsaWNl"u8.ToArray());
        midAuth.Abort();

        var midPop = await Cluster.Pop3Async("MD1");
        await midPop.SendRawAsync("USER ali"u8.ToArray());
        midPop.Abort();

        await Cluster.Mail.AssertConsistentAsync();
        Assert.Equal(before, (await Cluster.ReceiveAsync("bob")).Count);
        await using var smtp = await Cluster.SmtpLoginAsync("MD1", "alice");
        await smtp.SmtpAsync("QUIT", "221");
    }

    // MAIL FROM alice, RCPT TO bob, DATA.
    private static async Task BeginDataAsync(RawClient smtp)
    {
        await smtp.SmtpAsync("MAIL FROM:<alice>", "250");
        await smtp.SmtpAsync("RCPT TO:<bob>", "250");
        await smtp.SmtpAsync("DATA", "354");
    }

    // A whole transaction for the message, whose answer after the final "." must be the code.
    [Fact]
    public async Task ALineOverRfc5322sLimitIsRefusedAndTheSessionGoesOn()
    {
        await using var smtp = await Cluster.SmtpLoginAsync("MD1", "alice");
        await SubmitAsync(smtp, "Subject: long line\r\n\r\n" + new string('l', 999) + "\r\n", "554");
        await smtp.SmtpAsync("NOOP", "250");
        await smtp.SmtpAsync("QUIT", "221");

        Assert.DoesNotContain("long line", (await Cluster.ReceiveAsync("bob")).Select(l => l.Subject));
    }

    // Text of exactly `octets` octets in CRLF lines of at most 78 (a line holds at least its CRLF).
    private static string Lines(int octets)
    {
        var text = new StringBuilder();
        while (octets > 0)
        {
            var line = octets is 80 or 79 ? octets - 2 : Math.Min(78, octets);
            text.Append('x', line - 2).Append("\r\n");
            octets -= line;
        }

        return text.ToString();
    }

    private static async Task SubmitAsync(RawClient smtp, string message, string code)
    {
        await BeginDataAsync(smtp);
        await smtp.SendRawAsync(Encoding.ASCII.GetBytes(message + ".\r\n"));
        await smtp.SmtpReplyAsync(code);
    }
}
