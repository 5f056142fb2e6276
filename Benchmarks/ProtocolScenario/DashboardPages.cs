namespace Maildriver.Benchmarks.ProtocolScenario;

/// <summary>Which pages the dashboard-overhead viewer keeps open on every machine (<c>--dashboard-pages</c>).</summary>
[Flags]
public enum DashboardPages
{
    /// <summary>Maildriver's page: <c>GET /api/overview</c> every 1.5 s.</summary>
    Maildriver = 1,

    /// <summary>The Orleans Dashboard's overview: its three requests every second.</summary>
    Orleans = 2,

    /// <summary>Both, as the target has it (the default).</summary>
    Both = Maildriver | Orleans,
}
