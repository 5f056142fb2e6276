using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

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

    /// <summary>
    /// The one endpoint of the Orleans Dashboard that calls the application's grains: it activates a grain of any type
    /// and key it is given and calls its parameterless methods that return its stored state (or are named GetState).
    /// Closed to everyone: the dashboard's login lets its holder look, never call into Maildriver's grains.
    /// </summary>
    public const string OrleansGrainStatePath = OrleansDashboardPath + "/GrainState";

    /// <summary>Lets <paramref name="context"/> through to <paramref name="next"/> when it may pass; answers it otherwise.</summary>
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<ChecksItsOwnLogin>() is not null
            || await authenticator.AuthenticateAsync(context.Request) is not null)
        {
            if (IsOrleansGrainState(endpoint))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync("the Orleans Dashboard's grain state is closed here: it calls Maildriver's grains, and this login only lets you look", context.RequestAborted);
                return;
            }

            await next(context);
            return;
        }

        var metrics = context.Request.Path.StartsWithSegments(MetricsPath, StringComparison.OrdinalIgnoreCase);
        var response = context.Response;
        response.Headers.CacheControl = "no-store";
        if (IsBrowserWithoutSession(context.Request))
        {
            // 303 like the page's own redirect; the login form brings the browser back to Maildriver's page. /metrics
            // too: a browser gets the form, never a password dialog; Prometheus does not ask for text/html.
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

    /// <summary>
    /// A browser loading a page (a navigation asks for text/html; a script's fetch or a scraper does not) with no
    /// credentials at all: it is sent to the login form.
    /// </summary>
    public static bool IsBrowserWithoutSession(HttpRequest request)
        => request.Headers.Authorization.Count == 0
           && HttpMethods.IsGet(request.Method)
           && request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    // By the route it matched, so /ORLEANS/grainstate is closed too.
    private static bool IsOrleansGrainState(Endpoint? endpoint)
        => endpoint is RouteEndpoint { RoutePattern.RawText: { } pattern }
           && string.Equals(pattern.TrimEnd('/'), OrleansGrainStatePath, StringComparison.OrdinalIgnoreCase);
}
