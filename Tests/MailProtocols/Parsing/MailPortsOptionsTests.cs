using Maildriver.Clustering.Configuration;
using Maildriver.MailPorts.LineProtocol;
using Maildriver.Tests.Support;

namespace Maildriver.Tests.MailProtocols.Parsing;

public sealed class MailPortsOptionsTests
{
    [Fact]
    public void PortsAreOffByDefaultAndTheLimitsHaveTheirDefaults()
    {
        var options = Load("");

        Assert.Equal((0, 0), (options.PortsOf("MD1").Pop3, options.PortsOf("MD1").Smtp));
        Assert.Equal("maildriver.local", options.Mailbox.Domain);
        Assert.Equal(TimeSpan.FromMinutes(10), options.IdleTimeout);
        Assert.Equal(512, options.MaxCommandBytes);
        Assert.Equal(100, options.MaxRecipients);
        Assert.Equal(100, options.MaxConnections);
        Assert.Equal(10 * 1024 * 1024, options.MaxMessageBytes);
        Assert.Equal(0, options.PortsOf("MD1").Imap);
        Assert.Equal((TimeSpan.FromMinutes(30), 8192, 65536), (options.ImapIdleTimeout, options.ImapMaxLineBytes, options.ImapMaxLiteralBytes));
        Assert.Equal(64 * 1024 * 1024, options.ImapCacheBytes);
    }

    [Fact]
    public void ReadsTheImapPortAndLimits()
    {
        var options = Load(
            "\"imapPort\": 11431,",
            """, "mailPorts": { "imapIdleTimeoutSeconds": 3600, "imapMaxLineBytes": 2048, "imapMaxLiteralBytes": 100, "imapCacheBytes": 0, "imapDiskCacheBytes": 8589934592 }""");

        Assert.Equal(new MachineMailPorts(0, 0, 11431), options.PortsOf("MD1"));
        Assert.Equal((TimeSpan.FromHours(1), 2048, 100, 0), (options.ImapIdleTimeout, options.ImapMaxLineBytes, options.ImapMaxLiteralBytes, options.ImapCacheBytes));
        Assert.Equal(8L * 1024 * 1024 * 1024, options.ImapDiskCacheBytes);
    }

    [Fact]
    public void ReadsEveryMachinesPortsAndTheMailPortsObject()
    {
        var options = Load(
            "\"pop3Port\": 11011, \"smtpPort\": 25871,",
            """, "mailPorts": { "mailDomain": "Campus.Example.edu", "idleTimeoutSeconds": 30, "maxConnections": 7, "maxCommandBytes": 1000, "maxRecipients": 5 }, "protocol": { "maxLetterBytes": 4096 }""");

        Assert.Equal(new MachineMailPorts(11011, 25871), options.PortsOf("MD1"));
        Assert.Equal(new MachineMailPorts(0, 0), options.PortsOf("MD2"));
        Assert.Equal("campus.example.edu", options.Mailbox.Domain);
        Assert.Equal(TimeSpan.FromSeconds(30), options.IdleTimeout);
        Assert.Equal((7, 1000, 5, 4096), (options.MaxConnections, options.MaxCommandBytes, options.MaxRecipients, options.MaxMessageBytes));
    }

    [Theory]
    [InlineData("\"pop3Port\": 0,", "", "machines[0].pop3Port: must be a port number")]
    [InlineData("\"smtpPort\": \"25\",", "", "machines[0].smtpPort: must be a port number")]
    [InlineData("\"pop3Port\": 30002,", "", "machines[0].pop3Port: 127.0.0.1:30002 is already machines[1].gatewayPort")]
    [InlineData("\"pop3Port\": 1100, \"smtpPort\": 1100,", "", "machines[0].smtpPort: 127.0.0.1:1100 is already machines[0].pop3Port")]
    [InlineData("", ", \"mailPorts\": []", "mailPorts: must be an object")]
    [InlineData("", ", \"mailPorts\": { \"mailDomain\": \"not a domain\" }", "mailPorts.mailDomain")]
    [InlineData("", ", \"mailPorts\": { \"idleTimeoutSeconds\": 0 }", "mailPorts.idleTimeoutSeconds: must be a positive whole number")]
    [InlineData("", ", \"mailPorts\": { \"maxConnections\": 1.5 }", "mailPorts.maxConnections")]
    [InlineData("", ", \"mailPorts\": { \"maxCommandBytes\": 100 }", "mailPorts.maxCommandBytes: must be from 512")]
    [InlineData("\"imapPort\": 30001,", "", "machines[0].imapPort: 127.0.0.1:30001 is already machines[0].gatewayPort")]
    [InlineData("\"imapPort\": \"143\",", "", "machines[0].imapPort: must be a port number")]
    [InlineData("", ", \"mailPorts\": { \"imapIdleTimeoutSeconds\": 600 }", "mailPorts.imapIdleTimeoutSeconds: must be at least 1800 (RFC 3501 section 5.4)")]
    [InlineData("", ", \"mailPorts\": { \"imapMaxLineBytes\": 512 }", "mailPorts.imapMaxLineBytes: must be from 1024 to 16777216")]
    [InlineData("", ", \"mailPorts\": { \"imapMaxLiteralBytes\": 0 }", "mailPorts.imapMaxLiteralBytes: must be from 1 to 16777216")]
    [InlineData("", ", \"mailPorts\": { \"imapCacheBytes\": -1 }", "mailPorts.imapCacheBytes: must be from 0 to 1073741824")]
    [InlineData("", ", \"mailPorts\": { \"imapCacheBytes\": 2147483647 }", "mailPorts.imapCacheBytes: must be from 0 to 1073741824")]
    [InlineData("", ", \"mailPorts\": { \"imapDiskCacheBytes\": -1 }", "mailPorts.imapDiskCacheBytes: must be from 0 to 68719476736")]
    [InlineData("", ", \"mailPorts\": { \"imapDiskCacheBytes\": 68719476737 }", "mailPorts.imapDiskCacheBytes: must be from 0 to 68719476736")]
    [InlineData("", ", \"mailPorts\": { \"imapDiskCacheBytes\": 1.5 }", "mailPorts.imapDiskCacheBytes")]
    public void ABadValueNamesItsField(string machineFields, string topLevel, string message)
    {
        Assert.Contains(message, ClusterOptions.StartFailure(Parse(machineFields, topLevel)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("deploy/local/cluster.json")]
    [InlineData("deploy/three-hosts/cluster.json")]
    public void TheShippedConfigurationsOpenEveryPortOnEveryMachine(string relativePath)
    {
        var cluster = ClusterConfigLoader.Load(Path.Combine(Maildriver.Tests.Support.RepositoryRoot.Path, relativePath));
        var options = ClusterOptions.MailPorts(cluster);
        Assert.All(cluster.Machines, m => Assert.True(options.PortsOf(m.Name) is { Pop3: > 1023, Smtp: > 1023, Imap: > 1023 }, m.Name));
    }

    private static MailPortsOptions Load(string machineFields, string topLevel = "") => ClusterOptions.MailPorts(Parse(machineFields, topLevel));

    private static ClusterConfig Parse(string machineFields, string topLevel)
    {
        var json = $$"""
            { "clusterSecret": "0123456789abcdef0123", "machines": [
                { "name": "MD1", "host": "127.0.0.1", "siloPort": 11111, "gatewayPort": 30001, {{machineFields}} "dataDir": "d1" },
                { "name": "MD2", "host": "127.0.0.1", "siloPort": 11112, "gatewayPort": 30002, "dataDir": "d2" } ]
              {{topLevel}} }
            """;
        return ClusterConfigLoader.Parse(json, Path.GetTempPath());
    }
}
