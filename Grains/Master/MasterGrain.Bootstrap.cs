using Maildriver.Grains.Common;
using Maildriver.Clustering.Placement;
using Maildriver.Grains.Protocol;
using Maildriver.Grains.Server;

using Microsoft.Extensions.Logging;

namespace Maildriver.Grains.Master;

/// <summary>The first administrator of a new cluster, created through the ordinary replicated path.</summary>
public sealed partial class MasterGrain
{
    // Set by the constructor in MasterGrain.cs; read only here.
    private readonly AdminBootstrapOptions _admin;

    private async Task BootstrapAdminAsync()
    {
        var password = _admin.Password;
        if (await _store.Users.CountUsersAsync() > 0 || _requests.Values.Any(r => r.Order.Kind == OrderKind.AddUser))
        {
            return;
        }

        if (string.IsNullOrEmpty(password))
        {
            LogNoAdminPassword(Machine);
            return;
        }

        var admin = new MailUser("admin", PasswordHasher.Hash(password, _options.PasswordIterations), IsAdmin: true);
        var order = new Order($"user+:admin:{_view.Epoch}.bootstrap", OrderKind.AddUser, UserRecord: admin);

        // At a cold start the Lieutenant's machine may not be up yet: keep trying, as a Sender does.
        for (var attempt = 0; !_deposed; attempt++)
        {
            try
            {
                await Record([order]);
                LogAdminCreated(Machine);
                return;
            }
            catch (Exception ex) when (Unreachable.Is(ex) && attempt < 600)
            {
                await Task.Delay(_options.PulseInterval, _time, _silo.Stopping);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Machine}: the cluster has no users and MAILDRIVER_ADMIN_PASSWORD is not set; no admin created")]
    private partial void LogNoAdminPassword(string machine);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Machine}: created the user 'admin' from MAILDRIVER_ADMIN_PASSWORD")]
    private partial void LogAdminCreated(string machine);
}
