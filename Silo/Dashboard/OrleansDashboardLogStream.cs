using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Maildriver.Silo.Dashboard;

/// <summary>
/// Makes the Orleans Dashboard's live log stream (<c>/orleans/Trace</c>) show in a browser as it comes. It streams
/// with no Content-Type, so a browser holds the first kilobyte back to guess the type, and on a quiet machine (which
/// logs a few lines a minute) its page said "Connecting..." for minutes. Declared plain text, not to be sniffed, the
/// browser shows each line at once. Nothing else the Orleans Dashboard serves is touched.
/// </summary>
internal static class OrleansDashboardLogStream
{
    /// <summary>The log stream's route.</summary>
    public const string TracePath = DashboardGate.OrleansDashboardPath + "/Trace";

    /// <summary>Sets the log stream's type before it starts; passes everything else through untouched.</summary>
    public static Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (context.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } pattern }
            && string.Equals(pattern.TrimEnd('/'), TracePath, StringComparison.OrdinalIgnoreCase))
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            context.Response.Headers.XContentTypeOptions = "nosniff";
        }

        return next(context);
    }
}
