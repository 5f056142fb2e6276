using Maildriver.Clustering.Configuration;
using Maildriver.Tests.Support;

namespace Maildriver.Tests.Deploy;

/// <summary>The <c>tls</c> section of <c>cluster.json</c> and the certificates the trial script makes.</summary>
public sealed class TlsConfigTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "maildriver-tlsconfig-" + Guid.NewGuid().ToString("N")[..12]);

    public TlsConfigTests() => Directory.CreateDirectory(_folder);

    [Fact]
    public void WithoutATlsSectionEveryMachineIsCleartext()
    {
        var cluster = Parse(string.Empty, string.Empty);

        Assert.All(cluster.Machines, m => Assert.Null(m.Tls));
    }

    [Fact]
    public void TheClusterSectionNamesEachMachinesOwnFilesAndAMachineMayOverrideIt()
    {
        var cluster = Parse(
            "'tls': { 'certificate': 'tls/{machine}.crt', 'key': 'tls/{machine}.key' },",
            ", 'tls': { 'certificate': '/etc/md/special.pem', 'key': '/etc/md/special.key' }");

        var md1 = cluster.GetMachine("MD1").Tls!;
        Assert.Equal((Path.Combine(_folder, "tls", "MD1.crt"), Path.Combine(_folder, "tls", "MD1.key"), "tls"), (md1.CertificatePath, md1.KeyPath, md1.Field));
        var md2 = cluster.GetMachine("MD2").Tls!;
        Assert.Equal(("/etc/md/special.pem", "/etc/md/special.key", "machines[1].tls"), (md2.CertificatePath, md2.KeyPath, md2.Field));
    }

    [Fact]
    public async Task TheAuthorityTheMachinesTrustEachOtherByIsOptionalAndLoadsFromTheTrialScript()
    {
        var ca = await SelfSignedTls.MakeAsync(Path.Combine(_folder, "tls"), ["MD1", "MD2"]);
        var cluster = Parse(
            "'tls': { 'certificate': 'tls/{machine}.crt', 'key': 'tls/{machine}.key', 'authority': 'tls/ca.crt' },",
            ", 'tls': { 'certificate': 'tls/MD2.crt', 'key': 'tls/MD2.key' }");

        var md1 = cluster.GetMachine("MD1").Tls!;
        Assert.Equal(ca, md1.AuthorityPath);
        Assert.Equal("CN=Maildriver trial CA", Assert.Single(md1.LoadAuthority()!).Subject);
        Assert.Null(cluster.GetMachine("MD2").Tls!.AuthorityPath);
        Assert.Null(cluster.GetMachine("MD2").Tls!.LoadAuthority());
    }

    [Fact]
    public void AnAuthorityFileThatIsMissingOrNoCertificateIsRefusedNamingTheFieldAndTheFile()
    {
        File.WriteAllText(Path.Combine(_folder, "not-a-ca.pem"), "hello");
        var missing = Parse("'tls': { 'certificate': 'a.crt', 'key': 'a.key', 'authority': 'nowhere/ca.crt' },", string.Empty).GetMachine("MD1").Tls!;
        var notPem = Parse("'tls': { 'certificate': 'a.crt', 'key': 'a.key', 'authority': 'not-a-ca.pem' },", string.Empty).GetMachine("MD1").Tls!;

        var noFile = Assert.Throws<ClusterConfigException>(() => missing.LoadAuthority());
        var noCertificate = Assert.Throws<ClusterConfigException>(() => notPem.LoadAuthority());

        Assert.Contains("tls.authority", noFile.Message);
        Assert.Contains(Path.Combine(_folder, "nowhere", "ca.crt"), noFile.Message);
        Assert.Contains("tls.authority", noCertificate.Message);
        Assert.Contains("not-a-ca.pem", noCertificate.Message);
    }

    [Theory]
    [InlineData("'tls': { 'certificate': 'a.crt', 'key': 'a.key', 'authority': 7 },", "tls.authority: must be a string")]
    [InlineData("'tls': 'on',", "tls: must be an object")]
    [InlineData("'tls': { 'certificate': 'a.crt' },", "tls.key: required")]
    [InlineData("'tls': { 'key': 'a.key', 'certificate': 3 },", "tls.certificate: must be a string")]
    public void ABadTlsSectionIsRefusedNamingTheField(string section, string message)
    {
        var error = Assert.Throws<ClusterConfigException>(() => Parse(section, string.Empty));

        Assert.Contains(message, error.Message);
    }

    [Fact]
    public async Task TheTrialScriptsCertificateLoadsWithItsKeyAndNamesTheHost()
    {
        await SelfSignedTls.MakeAsync(Path.Combine(_folder, "tls"), ["MD1", "MD2"]);
        var cluster = Parse("'tls': { 'certificate': 'tls/{machine}.crt', 'key': 'tls/{machine}.key' },", string.Empty);

        using var certificate = cluster.GetMachine("MD1").Tls!.LoadCertificate();

        Assert.True(certificate.HasPrivateKey);
        Assert.Contains("127.0.0.1", certificate.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.DnsName, forIssuer: false) + certificate.Subject);
        Assert.Equal("CN=Maildriver trial CA", certificate.Issuer);

        // Server and client both: silos that require each other's certificate (mutual TLS) present the same one.
        var usages = certificate.Extensions.OfType<System.Security.Cryptography.X509Certificates.X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages;
        Assert.Equal(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"], usages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AKeyThatIsNotTheCertificatesIsRefusedNamingBothFiles()
    {
        await SelfSignedTls.MakeAsync(Path.Combine(_folder, "tls"), ["MD1", "MD2"]);
        var cluster = Parse("'tls': { 'certificate': 'tls/MD1.crt', 'key': 'tls/MD2.key' },", string.Empty);

        var error = Assert.Throws<ClusterConfigException>(() => cluster.GetMachine("MD1").Tls!.LoadCertificate());

        Assert.Contains("MD1.crt", error.Message);
        Assert.Contains("MD2.key", error.Message);
    }

    [Fact]
    public void AMissingKeyFileIsRefusedNamingTheFieldAndTheFile()
    {
        File.WriteAllText(Path.Combine(_folder, "only.crt"), "not used");
        var cluster = Parse("'tls': { 'certificate': 'only.crt', 'key': 'missing.key' },", string.Empty);

        var error = Assert.Throws<ClusterConfigException>(() => cluster.GetMachine("MD1").Tls!.LoadCertificate());

        Assert.Contains("tls.key", error.Message);
        Assert.Contains(Path.Combine(_folder, "missing.key"), error.Message);
    }

    [Fact]
    public async Task TheTrialScriptRefusesABadHostAndWritesNothing()
    {
        var script = Path.Combine(RepositoryRoot.Path, "deploy", "tls", "make-self-signed.sh");
        var output = Path.Combine(_folder, "refused");

        var result = await ProcessRunner.RunAsync("bash", [script, "--out", output, "MD1=127.0.0.1", "MD2=not a host"]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("not a host", result.Stderr);
        Assert.False(Directory.Exists(output), "a refused run must write nothing");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // The sections are written with single quotes, which read better inside C# strings.
    private ClusterConfig Parse(string clusterTls, string md2Tls) => ClusterConfigLoader.Parse(
        $$"""
        {
          "clusterSecret": "tls-config-tests-secret",
          {{clusterTls.Replace('\'', '"')}}
          "machines": [
            { "name": "MD1", "host": "127.0.0.1", "siloPort": 1001, "gatewayPort": 2001, "dataDir": "data/MD1" },
            { "name": "MD2", "host": "127.0.0.1", "siloPort": 1002, "gatewayPort": 2002, "dataDir": "data/MD2" {{md2Tls.Replace('\'', '"')}} }
          ]
        }
        """,
        _folder);
}
