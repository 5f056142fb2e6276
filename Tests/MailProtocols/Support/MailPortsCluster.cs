using System.Text.Json.Nodes;
using Maildriver.Grains.Server;
using Maildriver.Tests.Grains.Protocol;
using Maildriver.Tests.Support;

namespace Maildriver.Tests.MailProtocols.Support;

/// <summary>
/// An in-process Maildriver cluster (in-memory silo network) whose machines open real POP3, SMTP and IMAP ports on
/// loopback, with users who log in as <c>NAME</c> / <c>NAME-pw</c>.
/// </summary>
public sealed class MailPortsCluster : IAsyncDisposable
{
    private readonly Dictionary<string, (int Pop3, int Smtp, int Imap)> _ports;

    private MailPortsCluster(MailTestCluster mail, Dictionary<string, (int Pop3, int Smtp, int Imap)> ports)
    {
        Mail = mail;
        _ports = ports;
    }

    public MailTestCluster Mail { get; }

    /// <summary>
    /// Starts <paramref name="machines"/> machines, each with both ports; <paramref name="mailPorts"/> fills the
    /// <c>"mailPorts"</c> object, <paramref name="protocol"/> the protocol's, <paramref name="clusterJson"/> the rest.
    /// </summary>
    public static async Task<MailPortsCluster> StartAsync(
        int machines,
        Action<JsonObject>? mailPorts = null,
        Action<JsonObject>? protocol = null,
        Action<JsonObject>? clusterJson = null)
    {
        var free = LoopbackPorts.Reserve(3 * machines);
        var ports = Enumerable.Range(1, machines).ToDictionary(i => $"MD{i}", i => (free[3 * (i - 1)], free[(3 * (i - 1)) + 1], free[(3 * (i - 1)) + 2]), StringComparer.Ordinal);
        var mail = await MailTestCluster.StartAsync(
            machines,
            protocol: protocol,
            clusterJson: doc =>
            {
                foreach (var machine in doc["machines"]!.AsArray().Select(m => m!.AsObject()))
                {
                    var (pop3, smtp, imap) = ports[(string)machine["name"]!];
                    machine["pop3Port"] = pop3;
                    machine["smtpPort"] = smtp;
                    machine["imapPort"] = imap;
                }

                var options = new JsonObject();
                mailPorts?.Invoke(options);
                doc["mailPorts"] = options;
                clusterJson?.Invoke(doc);
            });
        return new MailPortsCluster(mail, ports);
    }

    public int Pop3Port(string machine) => _ports[machine].Pop3;

    public int SmtpPort(string machine) => _ports[machine].Smtp;

    public int ImapPort(string machine) => _ports[machine].Imap;

    /// <summary>An IMAP connection to <paramref name="machine"/>, past the greeting.</summary>
    public async Task<ImapRawClient> ImapAsync(string machine)
    {
        var client = new ImapRawClient(await RawClient.ConnectAsync(ImapPort(machine)));
        await client.Raw.ExpectAsync("* OK [CAPABILITY IMAP4rev1 ");
        return client;
    }

    /// <summary>An IMAP connection to <paramref name="machine"/>, logged in as <paramref name="user"/>.</summary>
    public async Task<ImapRawClient> ImapLoginAsync(string machine, string user)
    {
        var client = await ImapAsync(machine);
        await client.OkAsync($"LOGIN {user} {user}-pw");
        return client;
    }

    public IMailServer Server(string machine) => Mail.Server(machine);

    /// <summary>A POP3 connection to <paramref name="machine"/>, past the greeting.</summary>
    public async Task<RawClient> Pop3Async(string machine)
    {
        var client = await RawClient.ConnectAsync(Pop3Port(machine));
        await client.ExpectAsync("+OK");
        return client;
    }

    /// <summary>A POP3 connection to <paramref name="machine"/>, logged in as <paramref name="user"/>; returns the "+OK maildrop has…" line too.</summary>
    public async Task<(RawClient Client, string Status)> Pop3LoginAsync(string machine, string user)
    {
        var client = await Pop3Async(machine);
        await client.CommandAsync($"USER {user}", "+OK");
        return (client, await client.CommandAsync($"PASS {user}-pw", "+OK maildrop has"));
    }

    /// <summary>An SMTP connection to <paramref name="machine"/>, past the greeting.</summary>
    public async Task<RawClient> SmtpAsync(string machine)
    {
        var client = await RawClient.ConnectAsync(SmtpPort(machine));
        await client.SmtpReplyAsync("220");
        return client;
    }

    /// <summary>An SMTP connection to <paramref name="machine"/> after EHLO and AUTH PLAIN as <paramref name="user"/>.</summary>
    public async Task<RawClient> SmtpLoginAsync(string machine, string user)
    {
        var client = await SmtpAsync(machine);
        await client.SmtpAsync("EHLO test.client", "250");
        await client.SmtpAsync("AUTH PLAIN " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"\0{user}\0{user}-pw")), "235");
        return client;
    }

    /// <summary>Adds mailing list <paramref name="name"/> through MD1 and waits until every machine has it.</summary>
    public async Task AddListAsync(string name, params string[] members)
    {
        await Server("MD1").AddList(await Mail.AdminTokenAsync(), name, members);
        await Mail.QuietAsync();
    }

    /// <summary>The letters of <paramref name="user"/>, as "receive mail" on <paramref name="machine"/> returns them.</summary>
    public async Task<IReadOnlyList<LetterView>> ReceiveAsync(string user, string machine = "MD1")
        => (await Server(machine).Receive(await Mail.LoginAsync(user, machine))).Letters;

    /// <summary>Sends a letter through the client API on <paramref name="machine"/>.</summary>
    public async Task<string> SendAsync(string from, string machine, string subject, string body, params string[] to)
        => (await Server(machine).Send(await Mail.LoginAsync(from, machine), new SendRequest(to, subject, body, Guid.NewGuid().ToString("N")))).Id;

    public ValueTask DisposeAsync() => Mail.DisposeAsync();
}
