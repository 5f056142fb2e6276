using Maildriver.Tests.MailProtocols.Support;

namespace Maildriver.Tests.MailProtocols.RealClients;

/// <summary>Python's standard <c>smtplib</c> and <c>poplib</c> against two silo processes.</summary>
[Collection(MailClientsCollection.Name)]
public sealed class PythonClientTests(MailPortsProcessCluster fixture)
{
    [Fact]
    public async Task SmtplibSendsOnOneMachineAndPoplibFetchesAndDeletesOnTheOther()
    {
        var (sender, reader, other) = (await fixture.NewUserAsync("pyfrom"), await fixture.NewUserAsync("pyto"), await fixture.NewUserAsync("pycc"));
        const string subject = "Grüße — über alles 📬";
        const string body = "Liebe Leserin,\n.eine Zeile mit Punkt\nschöne Grüße\n";

        var sent = await PythonClient.SendAsync(
            fixture.SmtpPort("MD2"), sender, $"{sender}@maildriver.local", [$"{reader}@maildriver.local", other, "nobody-here@maildriver.local"], subject, body, "--attachment");
        // smtplib goes on with the recipients the server accepted and reports the one it refused.
        Assert.Equal(550, (int)sent["refused"]!["nobody-here@maildriver.local"]![0]!);

        var fetched = await PythonClient.FetchAsync(fixture.Pop3Port("MD1"), reader, "--delete");

        Assert.Equal([1, (int)fetched["list"]![0]![1]!], fetched["stat"]!.AsArray().Select(n => (int)n!));
        var message = Assert.Single(fetched["messages"]!.AsArray())!;
        Assert.Equal($"{sender}@maildriver.local", (string)message["from"]!);
        // The message is smtplib's own, headers as it wrote them: its To names the refused recipient too.
        Assert.Equal([$"{reader}@maildriver.local", other, "nobody-here@maildriver.local"], ((string)message["to"]!).Split(", "));
        Assert.Equal(subject, (string)message["subject"]!);
        Assert.Equal(body, (string)message["body"]!);
        Assert.Equal(("1.0", "multipart/mixed"), ((string)message["mimeVersion"]!, (string)message["contentType"]!));
        Assert.Empty(message["defects"]!.AsArray());
        Assert.InRange(DateTimeOffset.Parse((string)message["date"]!, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal((int)fetched["list"]![0]![1]!, (int)message["octets"]!);
        var uid = (string)fetched["uidl"]![0]![1]!;
        Assert.StartsWith("MD2.", uid, StringComparison.Ordinal);
        Assert.Equal((string)sent["messageId"]!, (string)message["messageId"]!);
        Assert.StartsWith("+OK", (string)fetched["quit"]!, StringComparison.Ordinal);

        // poplib's DELE took effect at QUIT through the replicated delete: the letter is gone on MD2, not for the other recipient.
        Assert.Empty((await PythonClient.FetchAsync(fixture.Pop3Port("MD2"), reader))["messages"]!.AsArray());
        Assert.Single((await PythonClient.FetchAsync(fixture.Pop3Port("MD2"), other))["messages"]!.AsArray());
    }

    [Fact]
    public async Task ARetriedMessageIdIsOneLetter()
    {
        var (sender, reader) = (await fixture.NewUserAsync("pyretry"), await fixture.NewUserAsync("pyonce"));
        var messageId = $"<{Guid.NewGuid():N}@python.client.example>";

        foreach (var machine in new[] { "MD1", "MD2" })
        {
            await PythonClient.SendAsync(fixture.SmtpPort(machine), sender, $"{sender}@maildriver.local", [reader], "once", "only once\n", "--message-id", messageId);
        }

        Assert.Single((await PythonClient.FetchAsync(fixture.Pop3Port("MD1"), reader))["messages"]!.AsArray());
    }
}
