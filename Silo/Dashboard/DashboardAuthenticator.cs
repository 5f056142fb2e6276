using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Maildriver.Clustering.Configuration;
using Maildriver.Grains.Hosting;
using Maildriver.Grains.Protocol;
using Maildriver.Grains.Server;
using Maildriver.Grains.Storage;
using Microsoft.AspNetCore.Http;

namespace Maildriver.Silo.Dashboard;

/// <summary>
/// Who may look: administrators of the mail system, checked against this machine's users. The page's login form
/// issues a cookie holding a signed token; scripts and Prometheus may send HTTP Basic credentials instead. Every
/// request checks that the user still exists and is still an administrator.
/// </summary>
internal sealed class DashboardAuthenticator
{
    /// <summary>The cookie the login form sets.</summary>
    public const string CookieName = "maildriver_dashboard";

    // PBKDF2 is slow on purpose; a scraper sending Basic credentials every few seconds must not pay it each time.
    private static readonly TimeSpan BasicCacheLifetime = TimeSpan.FromMinutes(1);
    private const int BasicCacheLimit = 64;

    private readonly MailStore _store;
    private readonly TokenService _tokens;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, (string PasswordHash, DateTimeOffset Until)> _verified = new(StringComparer.Ordinal);

    /// <summary>Creates the authenticator of one machine's dashboard.</summary>
    public DashboardAuthenticator(MailStore store, ClusterConfig cluster, MaildriverOptions options, TimeProvider time)
    {
        _store = store;
        _time = time;

        // A signing key of its own, so a dashboard cookie is never a gateway token: it lets its holder look, not
        // send mail or add users.
        _tokens = new TokenService(cluster.ClusterSecret + "\n" + "maildriver-dashboard", time, options.TokenLifetime);
    }

    /// <summary>A cookie token for <paramref name="user"/> if the password is right and the user an administrator; else null.</summary>
    public async Task<string?> LogInAsync(string? user, string? password)
        => await CheckPasswordAsync(user, password) is { } admin ? _tokens.Issue(admin) : null;

    /// <summary>The administrator making <paramref name="request"/> (by cookie or Basic credentials), or null.</summary>
    public async Task<string?> AuthenticateAsync(HttpRequest request)
    {
        if (request.Cookies.TryGetValue(CookieName, out var token) && await CheckTokenAsync(token) is { } admin)
        {
            return admin;
        }

        if (AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            && string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            && header.Parameter is { } parameter
            && Decode(parameter) is var (user, password))
        {
            return await CheckPasswordAsync(user, password);
        }

        return null;
    }

    private async Task<string?> CheckTokenAsync(string? token)
    {
        string name;
        try
        {
            name = _tokens.Validate(token);
        }
        catch (RequestRefusedException)
        {
            return null;
        }

        return await _store.Users.GetUserAsync(name) is { IsAdmin: true } user ? user.Name : null;
    }

    private async Task<string?> CheckPasswordAsync(string? name, string? password)
    {
        if (string.IsNullOrEmpty(name) || password is null || await _store.Users.GetUserAsync(name) is not { IsAdmin: true } user)
        {
            return null;
        }

        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(name + "\0" + password)));
        var now = _time.GetUtcNow();

        // A cached success counts only against the same stored hash: a changed password ends it at once.
        if (_verified.TryGetValue(key, out var cached) && cached.PasswordHash == user.PasswordHash && cached.Until > now)
        {
            return user.Name;
        }

        if (!PasswordHasher.Verify(password, user.PasswordHash))
        {
            return null;
        }

        if (_verified.Count >= BasicCacheLimit)
        {
            _verified.Clear();
        }

        _verified[key] = (user.PasswordHash, now + BasicCacheLifetime);
        return user.Name;
    }

    private static (string User, string Password)? Decode(string parameter)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(parameter));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : (text[..colon], text[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
