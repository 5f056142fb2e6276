using Maildriver.Clustering.Placement;
using Maildriver.Grains.Server;

using Microsoft.Extensions.Logging;

namespace Maildriver.Grains.Master;

/// <summary>
/// The first administrator of a new cluster (not in the paper, which leaves user authentication out of its scope):
/// when a Master starts on a cluster with no users, it asks for the user <c>admin</c>, with the password of
/// <see cref="AdminBootstrapOptions"/>, through the ordinary replicated path, as an administrator's "add user" would.
/// </summary>
internal sealed partial class AdminBootstrap
{
    private readonly MasterContext _master;
    private readonly MasterStanding _standing;
    private readonly PendingRequests _requests;
    private readonly Func<IReadOnlyList<Order>, Task> _record;
    private readonly AdminBootstrapOptions _admin;
    private readonly ILogger _logger;

    /// <param name="master">The Master's machine, its store (are there users yet?) and its options.</param>
    /// <param name="standing">The Master's view, and whether it still is Master.</param>
    /// <param name="requests">An "add user" already under way makes this one needless.</param>
    /// <param name="record">The Master's entry for requests: written down by the Lieutenant, then sent to every machine.</param>
    /// <param name="admin">The first admin's password.</param>
    /// <param name="logger">The Master's logger.</param>
    public AdminBootstrap(MasterContext master, MasterStanding standing, PendingRequests requests, Func<IReadOnlyList<Order>, Task> record, AdminBootstrapOptions admin, ILogger logger)
    {
        _master = master;
        _standing = standing;
        _requests = requests;
        _record = record;
        _admin = admin;
        _logger = logger;
    }

    /// <summary>Creates the first admin if the cluster has no users yet.</summary>
    public async Task RunAsync()
    {
        var password = _admin.Password;
        if (await _master.Store.Users.CountUsersAsync() > 0 || _requests.All.Any(r => r.Order.Kind == OrderKind.AddUser))
        {
            return;
        }

        if (string.IsNullOrEmpty(password))
        {
            LogNoAdminPassword(_master.Machine);
            return;
        }

        var admin = new MailUser("admin", PasswordHasher.Hash(password, _master.Options.PasswordIterations), IsAdmin: true, MailUser.NewUidValidity(_master.Time.GetUtcNow()));
        var order = new Order($"user+:admin:{_standing.View.Epoch}.bootstrap", OrderKind.AddUser, UserRecord: admin);

        // At a cold start the Lieutenant's machine may not be up yet: keep trying, as a Sender does.
        for (var attempt = 0; !_standing.Deposed; attempt++)
        {
            try
            {
                await _record([order]);
                LogAdminCreated(_master.Machine);
                return;
            }
            catch (Exception ex) when (Unreachable.Is(ex) && attempt < 600)
            {
                await _master.PauseAsync();
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Machine}: the cluster has no users and MAILDRIVER_ADMIN_PASSWORD is not set; no admin created")]
    private partial void LogNoAdminPassword(string machine);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Machine}: created the user 'admin' from MAILDRIVER_ADMIN_PASSWORD")]
    private partial void LogAdminCreated(string machine);
}
