namespace Maildriver.Silo.Dashboard;

/// <summary>
/// Endpoint metadata: this endpoint checks the administrator's login itself (Maildriver's page lets the login form
/// and its own files through). <see cref="DashboardGate"/> checks every other endpoint on the dashboard port.
/// </summary>
internal sealed class ChecksItsOwnLogin
{
    /// <summary>The one instance.</summary>
    public static readonly ChecksItsOwnLogin Instance = new();

    private ChecksItsOwnLogin()
    {
    }
}
