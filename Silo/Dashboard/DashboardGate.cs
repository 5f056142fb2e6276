using Microsoft.AspNetCore.Http;

namespace Maildriver.Silo.Dashboard;

/// <summary>
/// The administrator login in front of what Maildriver serves but did not write: the Orleans Dashboard (its pages,
/// its JSON and its live log stream) and <c>/metrics</c>. The same check as Maildriver's own page
/// (<see cref="DashboardAuthenticator"/>: the login form's cookie, or HTTP Basic). Without it, a browser asking for a
/// page is sent to the login form; anything else gets 401, with a Basic challenge where credentials were tried or the
/// caller is a scraper, so a page's own background requests never make the browser pop up a password dialog.
/// </summary>
/// <remarks>
/// It runs after routing and goes by the endpoint routing chose, not by the path: routes match paths without regard
/// to case (<c>/ORLEANS/Trace</c> is the log stream too), and an endpoint added later is closed until it says
/// otherwise. Only endpoints marked <see cref="ChecksItsOwnLogin"/> pass unchecked.
/// </remarks>
internal sealed class DashboardGate(DashboardAuthenticator authenticator)
{
    /// <summary>Where the Orleans Dashboard is mapped.</summary>
    public const string OrleansDashboardPath = "/orleans";

    /// <summary>Where Prometheus scrapes.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>Lets <paramref name="context"/> through to <paramref name="next"/> when it may pass; answers it otherwise.</summary>
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<ChecksItsOwnLogin>() is not null
            || await authenticator.AuthenticateAsync(context.Request) is not null)
        {
            await next(context);
            return;
        }

        var metrics = context.Request.Path.StartsWithSegments(MetricsPath, StringComparison.OrdinalIgnoreCase);
        var response = context.Response;
        response.Headers.CacheControl = "no-store";
        if (!metrics && context.Request.Headers.Authorization.Count == 0 && HttpMethods.IsGet(context.Request.Method) && WantsPage(context.Request))
        {
            // 303 like the page's own redirect; the login form brings the browser back to Maildriver's page.
            response.StatusCode = StatusCodes.Status303SeeOther;
            response.Headers.Location = "/login";
            return;
        }

        if (metrics || context.Request.Headers.Authorization.Count > 0)
        {
            response.Headers.WWWAuthenticate = "Basic realm=\"Maildriver dashboard\", charset=\"UTF-8\"";
        }

        response.StatusCode = StatusCodes.Status401Unauthorized;
        response.ContentType = "text/plain; charset=utf-8";
        await response.WriteAsync("log in as an administrator at /login, or send Basic credentials", context.RequestAborted);
    }

    // A navigation, not a script's fetch: browsers ask for text/html first when they load a page.
    private static bool WantsPage(HttpRequest request)
        => request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
}
