using Maildriver.Clustering.Configuration;
using Orleans.Configuration;
using Orleans.Connections.Security;

namespace Maildriver.Silo.Hosting;

/// <summary>
/// TLS on a machine's Orleans ports when cluster.json has a <c>tls</c> section. Silo links are mutual: each side
/// shows its machine certificate and requires the other's, so a process without a certificate of the cluster can
/// neither join nor call a grain through the silo port. The gateway shows the machine's certificate and asks clients
/// for none (the CLI has no certificate; a client proves who it is by logging in). Orleans's own UseTls gives all
/// three one set of options, which would demand a certificate from every client; so each is set apart here.
/// </summary>
public static class MachineTls
{
    /// <summary>Adds the three TLS middlewares; nothing when the machine has no <c>tls</c> section.</summary>
    /// <exception cref="ClusterConfigException">The certificate, its key or the authority cannot be loaded.</exception>
    public static ISiloBuilder UseMachineTls(this ISiloBuilder silo, ClusterConfig cluster, MachineConfig machine)
    {
        if (machine.Tls is not { } tls)
        {
            return silo;
        }

        var certificate = tls.LoadCertificate();
        var validator = new MachineCertificateValidator(tls.LoadAuthority(), cluster.Machines.Select(m => m.Host).Distinct(StringComparer.OrdinalIgnoreCase).ToList());
        TlsOptions SiloLink() => new()
        {
            LocalCertificate = certificate,
            RemoteCertificateMode = RemoteCertificateMode.RequireCertificate,
            ClientCertificateMode = RemoteCertificateMode.RequireCertificate,
            RemoteCertificateValidation = validator.Validate,
        };

        var gateway = new TlsOptions { LocalCertificate = certificate, RemoteCertificateMode = RemoteCertificateMode.NoCertificate };
        return silo.Configure<SiloConnectionOptions>(o =>
        {
            o.ConfigureSiloInboundConnection(b => b.UseServerTls(SiloLink()));
            o.ConfigureSiloOutboundConnection(b => b.UseClientTls(SiloLink()));
            o.ConfigureGatewayInboundConnection(b => b.UseServerTls(gateway));
        });
    }
}
