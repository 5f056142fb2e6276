using System.Net;
using System.Text.Json;
using Maildriver.Clustering.Configuration;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Maildriver.Silo.Dashboard;

/// <summary>
/// What a machine serves on its dashboard port. Read-only: the page (<c>/</c>), its files (<c>/assets/...</c>),
/// the data as JSON (<c>/api/overview</c>, <c>/api/cluster</c>, <c>/api/protocol</c>,
/// <c>/api/mail</c>); besides those, only the login form (<c>/login</c>) and <c>/logout</c>.
/// Everything but the login form and the page's files needs an administrator (see <see cref="DashboardAuthenticator"/>).
/// The Orleans Dashboard and <c>/metrics</c> are served beside it on the same port (<see cref="DashboardWeb"/>).
/// </summary>
internal sealed class DashboardApp
{
    // The page loads only its own files and talks only to its own machine.
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private static readonly Dictionary<string, Func<DashboardSnapshot, object>> Api = new(StringComparer.Ordinal)
    {
        ["/api/overview"] = s => s,
        ["/api/cluster"] = s => s.Cluster,
        ["/api/protocol"] = s => s.Protocol,
        ["/api/mail"] = s => s.Mail,
    };

    private readonly DashboardCollector _collector;
    private readonly DashboardAuthenticator _authenticator;
    private readonly MachineConfig _machine;
    private readonly ILogger _logger;

    /// <summary>Creates the dashboard of one machine.</summary>
    public DashboardApp(DashboardCollector collector, DashboardAuthenticator authenticator, MachineConfig machine, ILogger<DashboardApp> logger)
    {
        _collector = collector;
        _authenticator = authenticator;
        _machine = machine;
        _logger = logger;
    }

    /// <summary>Serves one request.</summary>
    public async Task HandleAsync(HttpContext context)
    {
        var response = context.Response;
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.CacheControl = "no-store";
        var path = context.Request.Path.Value ?? "/";
        try
        {
            await RouteAsync(context, path);
        }
        catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested)
        {
            DashboardLog.RequestFailed(_logger, path, ex);
            if (!response.HasStarted)
            {
                response.Clear();
                await TextAsync(context, StatusCodes.Status500InternalServerError, "the dashboard failed to answer; see the machine's log");
            }
        }
    }

    private async Task RouteAsync(HttpContext context, string path)
    {
        var request = context.Request;
        if (path.StartsWith("/assets/", StringComparison.Ordinal))
        {
            if (AllowOnly(context, HttpMethods.Get) && DashboardAssets.TryGet(path["/assets/".Length..], out var content, out var type))
            {
                context.Response.ContentType = type;
                await context.Response.Body.WriteAsync(content, context.RequestAborted);
            }
            else if (!context.Response.HasStarted && context.Response.StatusCode == StatusCodes.Status200OK)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
            }

            return;
        }

        switch (path)
        {
            case "/login" when HttpMethods.IsPost(request.Method):
                await LogInAsync(context);
                return;
            case "/login":
                if (AllowOnly(context, HttpMethods.Get, HttpMethods.Post))
                {
                    await PageAsync(context, "login.html", StatusCodes.Status200OK, error: null);
                }

                return;
            case "/logout":
                if (AllowOnly(context, HttpMethods.Post))
                {
                    context.Response.Cookies.Delete(DashboardAuthenticator.CookieName, new CookieOptions { Path = "/" });
                    Redirect(context, "/login");
                }

                return;
            case "/":
                if (!AllowOnly(context, HttpMethods.Get))
                {
                    return;
                }

                if (await _authenticator.AuthenticateAsync(request) is null)
                {
                    Redirect(context, "/login");
                    return;
                }

                await PageAsync(context, "index.html", StatusCodes.Status200OK, error: null);
                return;
        }

        if (Api.TryGetValue(path, out var select))
        {
            if (!AllowOnly(context, HttpMethods.Get))
            {
                return;
            }

            // No WWW-Authenticate here: the page's own requests must not make the browser pop up a password dialog
            // when its cookie expires; the page sends the user to the login form instead.
            if (await _authenticator.AuthenticateAsync(request) is null)
            {
                if (DashboardGate.IsBrowserWithoutSession(request))
                {
                    // A browser opening the JSON by hand, not the page's fetch (which asks for JSON): the login form.
                    Redirect(context, "/login");
                    return;
                }

                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.ContentType = "application/json; charset=utf-8";
                await context.Response.WriteAsync("{\"error\":\"log in as an administrator at /login, or send Basic credentials\"}", context.RequestAborted);
                return;
            }

            var value = select(await _collector.GetAsync());
            context.Response.ContentType = "application/json; charset=utf-8";
            await JsonSerializer.SerializeAsync(context.Response.Body, value, value.GetType(), DashboardJson.Options, context.RequestAborted);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status404NotFound;
    }

    private async Task LogInAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType)
        {
            await TextAsync(context, StatusCodes.Status400BadRequest, "the login form posts application/x-www-form-urlencoded");
            return;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var user = form["user"].ToString();
        var remote = context.Connection.RemoteIpAddress?.ToString();
        if (await _authenticator.LogInAsync(user, form["password"].ToString()) is not { } token)
        {
            DashboardLog.LoginRefused(_logger, user, remote);
            await PageAsync(context, "login.html", StatusCodes.Status401Unauthorized, "Unknown user, wrong password, or not an administrator.");
            return;
        }

        DashboardLog.LoggedIn(_logger, user, remote);
        context.Response.Cookies.Append(DashboardAuthenticator.CookieName, token, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Path = "/",
            IsEssential = true,
            // Over TLS the session cookie must never travel in clear text, not even to a cleartext port of this host.
            Secure = context.Request.IsHttps,
        });
        Redirect(context, "/");
    }

    private async Task PageAsync(HttpContext context, string file, int status, string? error)
    {
        var html = DashboardAssets.Text(file)
            .Replace("{{machine}}", WebUtility.HtmlEncode(_machine.Name), StringComparison.Ordinal)
            .Replace("<!--error-->", error is null ? string.Empty : $"<p class=\"login-error\" role=\"alert\">{WebUtility.HtmlEncode(error)}</p>", StringComparison.Ordinal);
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(html, context.RequestAborted);
    }

    private static bool AllowOnly(HttpContext context, params string[] methods)
    {
        if (methods.Any(m => string.Equals(m, context.Request.Method, StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
        context.Response.Headers.Allow = string.Join(", ", methods);
        return false;
    }

    private static void Redirect(HttpContext context, string location)
    {
        // 303: after a POST the browser follows with a GET.
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = location;
    }

    private static async Task TextAsync(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(text, context.RequestAborted);
    }
}
