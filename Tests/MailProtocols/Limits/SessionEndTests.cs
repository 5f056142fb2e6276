using Maildriver.Grains.Hosting;
using Maildriver.Tests.MailProtocols.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Maildriver.Tests.MailProtocols.Limits;

/// <summary>How sessions end when the client idles and when the silo stops; each test has a cluster of its own.</summary>
public sealed class SessionEndTests
{
    [Fact]
    public async Task AnIdleClientIsDisconnected()
    {
        await using var cluster = await MailPortsCluster.StartAsync(2, mailPorts: o => o["idleTimeoutSeconds"] = 1);

        await using var smtp = await cluster.SmtpAsync("MD1");
        await smtp.ExpectAsync("421 4.4.2");
        await smtp.ExpectClosedAsync();

        // POP3's autologout (RFC 1939 section 3) closes without a word.
        await using var pop = await cluster.Pop3Async("MD1");
        await pop.ExpectClosedAsync();
    }

    [Fact]
    public async Task WhileTheMachineIsNotServingClientsAreTurnedAwayWithATemporaryError()
    {
        await using var cluster = await MailPortsCluster.StartAsync(2);
        var readiness = cluster.Mail.Cluster.GetSilo("MD2").Services.GetRequiredService<SiloReadiness>();

        using (readiness.HoldBack("MD2 is being rebuilt from the other machines"))
        {
            await using var pop = await RawClient.ConnectAsync(cluster.Pop3Port("MD2"));
            await pop.ExpectAsync("-ERR [SYS/TEMP] MD2 is being rebuilt from the other machines");
            await pop.ExpectClosedAsync();

            await using var smtp = await RawClient.ConnectAsync(cluster.SmtpPort("MD2"));
            await smtp.ExpectAsync("421 4.3.2");
            await smtp.ExpectClosedAsync();
        }

        // Serving again: the ordinary greetings.
        await using var popAgain = await cluster.Pop3Async("MD2");
        await using var smtpAgain = await cluster.SmtpAsync("MD2");
    }

    [Fact]
    public async Task StoppingTheSiloSaysGoodbyeAndClosesThePorts()
    {
        await using var cluster = await MailPortsCluster.StartAsync(2);
        await cluster.Mail.AddUsersAsync("alice");
        await using var smtp = await cluster.SmtpLoginAsync("MD2", "alice");
        var (pop, _) = await cluster.Pop3LoginAsync("MD2", "alice");
        await using var _ = pop;

        await cluster.Mail.Cluster.StopSiloAsync("MD2");

        await smtp.ExpectAsync("421 4.3.2");
        await smtp.ExpectClosedAsync();
        await pop.ExpectAsync("-ERR [SYS/TEMP]");
        await pop.ExpectClosedAsync();
        await Assert.ThrowsAnyAsync<System.Net.Sockets.SocketException>(() => RawClient.ConnectAsync(cluster.SmtpPort("MD2")));
        await Assert.ThrowsAnyAsync<System.Net.Sockets.SocketException>(() => RawClient.ConnectAsync(cluster.Pop3Port("MD2")));
    }
}
