using Maildriver.MailPorts;
using Maildriver.MailPorts.Imap.Fetch;
using Maildriver.Tests.MailProtocols.Support;
using Maildriver.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Maildriver.Tests.MailProtocols.Imap;

/// <summary>
/// The rendered-item cache on a machine's disk (<c>imap-cache.db</c> in its data directory): what a FETCH rendered is
/// written there, and after the machine restarts its sessions take the envelopes from there instead of rendering the
/// letters again. To tell the two apart, the tests change one stored envelope while the machine is down; the warm-up
/// that runs before the port opens (<c>ImapWarmUp</c>) is told from a FETCH by changing it again once the port is open.
/// </summary>
public sealed class ImapDiskCacheTests
{
    [Fact]
    public async Task After_a_restart_envelopes_come_from_the_file_the_machine_wrote_before()
    {
        await using var cluster = await MailPortsCluster.StartAsync(2);
        await cluster.Mail.AddUsersAsync("alice", "dora");
        var ids = new List<string>();
        for (var i = 1; i <= 3; i++)
        {
            ids.Add(await cluster.SendAsync("alice", "MD1", $"Kept {i}", "body", "dora"));
        }

        await cluster.Mail.QuietAsync();
        var file = Path.Combine(cluster.Mail.Cluster.GetSilo("MD2").Services.GetRequiredService<MailPortsMachine>().DataDirectory!, RenderedItemFile.FileName);

        List<string> before;
        await using (var imap = await cluster.ImapLoginAsync("MD2", "dora"))
        {
            await imap.OkAsync("SELECT INBOX");
            before = await imap.OkAsync("FETCH 1:* (ENVELOPE)");
        }

        Assert.Equal(3, before.Count);
        await WaitFor.ConditionAsync(() => Envelopes(file) == 3, TimeSpan.FromSeconds(20), "the three envelopes written to MD2's imap-cache.db");
        await cluster.Mail.Cluster.StopSiloAsync("MD2");
        const string marker = "(NIL \"from the disk\" NIL NIL NIL NIL NIL NIL NIL NIL)";
        Execute(file, "UPDATE rendered SET octets = @octets WHERE letter_id = @id AND item = 'ENVELOPE'", ("@octets", System.Text.Encoding.ASCII.GetBytes(marker)), ("@id", ids[0]));

        await cluster.Mail.Cluster.StartSiloAsync("MD2");
        await cluster.Mail.WaitForReadyAsync("MD2");
        await using var again = await cluster.ImapLoginAsync("MD2", "dora");
        await again.OkAsync("SELECT INBOX");
        var after = await again.OkAsync("FETCH 1:* (ENVELOPE)");

        Assert.Equal($"* 1 FETCH (ENVELOPE {marker})", after[0]);
        Assert.Equal(before[1..], after[1..]);
    }

    [Fact]
    public async Task Before_its_port_opens_a_restarted_machine_runs_a_fetch_of_the_newest_envelopes_in_the_file()
    {
        await using var cluster = await MailPortsCluster.StartAsync(2);
        await cluster.Mail.AddUsersAsync("alice", "dora");
        var id = await cluster.SendAsync("alice", "MD1", "Warm", "body", "dora");
        await cluster.Mail.QuietAsync();
        var file = Path.Combine(cluster.Mail.Cluster.GetSilo("MD2").Services.GetRequiredService<MailPortsMachine>().DataDirectory!, RenderedItemFile.FileName);
        await using (var imap = await cluster.ImapLoginAsync("MD2", "dora"))
        {
            await imap.OkAsync("SELECT INBOX");
            await imap.OkAsync("FETCH 1 (ENVELOPE)");
        }

        await WaitFor.ConditionAsync(() => Envelopes(file) == 1, TimeSpan.FromSeconds(20), "the envelope written to MD2's imap-cache.db");
        await cluster.Mail.Cluster.StopSiloAsync("MD2");
        const string warmed = "(NIL \"read before the port opened\" NIL NIL NIL NIL NIL NIL NIL NIL)";
        Execute(file, "UPDATE rendered SET octets = @octets WHERE letter_id = @id AND item = 'ENVELOPE'", ("@octets", System.Text.Encoding.ASCII.GetBytes(warmed)), ("@id", id));

        await cluster.Mail.Cluster.StartSiloAsync("MD2");
        await cluster.Mail.WaitForReadyAsync("MD2");
        await using var again = await cluster.ImapLoginAsync("MD2", "dora");

        // Changed now, the file no longer says what the warm-up read: a FETCH that reads the file would say this.
        Execute(file, "UPDATE rendered SET octets = @octets WHERE letter_id = @id AND item = 'ENVELOPE'", ("@octets", "(NIL \"read after\" NIL NIL NIL NIL NIL NIL NIL NIL)"u8.ToArray()), ("@id", id));
        await again.OkAsync("SELECT INBOX");
        var after = await again.OkAsync("FETCH 1 (ENVELOPE)");

        Assert.Equal([$"* 1 FETCH (ENVELOPE {warmed})"], after);
    }

    private static int Envelopes(string file)
    {
        if (!File.Exists(file))
        {
            return 0;
        }

        using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM rendered WHERE item = 'ENVELOPE'";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Execute(string file, string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        Assert.Equal(1, command.ExecuteNonQuery());
    }
}
